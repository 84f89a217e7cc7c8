import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Button, DataTable, ErrorState, FormError, Loading, PageHeader, RequireRole, SelectField, StatusBadge, TextArea, TextField, fieldErrors } from '../../components';
import { useAuth } from '../../auth';
import { type CheckDetail, OFFICERS, OUTCOMES, READERS, words } from './types';

function AssignForm({ check }: { check: CheckDetail }) {
  const qc = useQueryClient();
  const agents = useQuery({ queryKey: ['verification-agents'], queryFn: () => api.get<{ agents: { id: string; email: string; organisation: { name: string } }[] }>('/api/verifications/agents') });
  const [userId, setUserId] = useState('');
  const m = useMutation({ mutationFn: () => api.post(`/api/verifications/${check.id}/assign`, { userId }), onSuccess: () => qc.invalidateQueries({ queryKey: ['verification', check.id] }) });
  const options = (agents.data?.agents ?? []).map((a) => ({ value: a.id, label: `${a.organisation.name}: ${a.email}` }));
  return (
    <form className="panel" aria-label="Assign the check" onSubmit={(e) => { e.preventDefault(); m.mutate(); }}>
      <h2>Assign to a partner agency</h2>
      <FormError error={m.error} />
      {agents.data && !options.length ? <p>No partner agency users yet: an administrator adds them to a partner agency organisation.</p> : null}
      <SelectField label="Partner agency user" value={userId} onChange={(e) => setUserId(e.target.value)} error={fieldErrors(m.error).userId} options={[{ value: '', label: 'Choose…' }, ...options]} />
      <Button type="submit" disabled={!userId || m.isPending}>Assign</Button>
    </form>
  );
}

const readBase64 = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).split(',')[1] ?? '');
    r.onerror = () => reject(new Error('The file could not be read'));
    r.readAsDataURL(file);
  });

function ReportForm({ check }: { check: CheckDetail }) {
  const qc = useQueryClient();
  const goods = check.licence?.goods ?? [];
  const [f, setF] = useState({ visitedOn: '', outcome: 'verified', findings: '' });
  const [seen, setSeen] = useState<Record<string, { quantity: string; serials: string }>>({});
  const [files, setFiles] = useState<File[]>([]);
  const m = useMutation({
    mutationFn: async () => {
      const evidence = await Promise.all(files.map(async (file) => ({ filename: file.name, contentType: file.type || 'application/octet-stream', contentBase64: await readBase64(file) })));
      const items = goods.filter((g) => seen[g.id]?.quantity !== undefined && seen[g.id]!.quantity !== '').map((g) => ({ goodId: g.id, description: g.description, quantitySeen: Number(seen[g.id]!.quantity), serialNumbers: seen[g.id]!.serials.split(/[\s,]+/).filter(Boolean) }));
      return api.post(`/api/verifications/${check.id}/report`, { ...f, items, evidence });
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['verification', check.id] }),
  });
  const errs = fieldErrors(m.error);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  return (
    <form className="panel" aria-label="Visit report" onSubmit={(e) => { e.preventDefault(); m.mutate(); }}>
      <h2>Visit report</h2>
      <FormError error={m.error} />
      <TextField label="Visited on" type="date" value={f.visitedOn} onChange={set('visitedOn')} error={errs.visitedOn} />
      <SelectField label="Outcome" value={f.outcome} onChange={set('outcome')} error={errs.outcome} options={OUTCOMES.map((o) => ({ value: o, label: words(o) }))} />
      <TextArea label="Findings" value={f.findings} onChange={set('findings')} error={errs.findings} />
      {goods.map((g, i) => (
        <fieldset key={g.id}>
          <legend>{g.description} (licensed {g.quantityLicensed} {g.unit}, shipped {g.quantityShipped})</legend>
          <TextField label={`Quantity seen: ${g.description}`} type="number" min={0} value={seen[g.id]?.quantity ?? ''} onChange={(e) => setSeen({ ...seen, [g.id]: { serials: seen[g.id]?.serials ?? '', quantity: e.target.value } })} error={errs[`items.${i}.quantitySeen`]} />
          <TextField label={`Serial numbers seen: ${g.description}`} value={seen[g.id]?.serials ?? ''} onChange={(e) => setSeen({ ...seen, [g.id]: { quantity: seen[g.id]?.quantity ?? '', serials: e.target.value } })} hint="Separated by commas or spaces" />
        </fieldset>
      ))}
      <div className="field">
        <label htmlFor="evidence">Evidence files (PDF, PNG, JPEG, text; 10 MB each)</label>
        <input id="evidence" type="file" multiple accept=".pdf,.png,.jpg,.jpeg,.txt,.csv" onChange={(e) => setFiles([...(e.target.files ?? [])])} />
        {Object.entries(errs).filter(([k]) => k.startsWith('evidence')).map(([k, v]) => <span key={k} className="field-error" role="alert">{v}</span>)}
      </div>
      <Button type="submit" disabled={m.isPending}>Submit report</Button>
    </form>
  );
}

function CheckBody({ id }: { id: string }) {
  const { me } = useAuth();
  const partner = me?.organisation.kind === 'partner_agency';
  const allowed = partner || (READERS as readonly string[]).includes(me?.role ?? '');
  const q = useQuery({ queryKey: ['verification', id], enabled: allowed, queryFn: () => api.get<CheckDetail>(`/api/verifications/${id}`) });
  if (!allowed) return <p role="alert">End-use checks are for authority officers and partner agencies.</p>;
  if (q.isLoading) return <Loading />;
  if (q.error) return <ErrorState error={q.error} />;
  const c = q.data!;
  const officer = !partner && (OFFICERS as readonly string[]).includes(me?.role ?? '');
  const open = c.status === 'requested' || c.status === 'assigned';
  return (
    <>
      <PageHeader title={`End-use check ${c.reference}`} />
      <section className="panel">
        <p>
          <StatusBadge status={c.status} /> {words(c.kind)} check on <strong>{c.party.name}</strong> ({c.party.country}) · due {c.dueOn}
          {c.overdue ? ' · overdue' : ''}
          {c.escalatedAt ? ' · escalated' : ''}
        </p>
        <p>{c.reason}</p>
        {c.licence && <p>Licence {c.licence.reference} ({c.licence.status}) to {c.licence.destination ?? '—'}</p>}
        {c.subject.declarationReference && <p>Declaration {c.subject.declarationReference}</p>}
        {!partner && <p><Link to={`/verification/parties/${c.party.id}`}>Reliability record of {c.party.name}</Link></p>}
      </section>
      {c.report && (
        <section className="panel" aria-label="Report">
          <h2>Report: <StatusBadge status={c.report.outcome} /></h2>
          <p>Visited on {c.report.visitedOn}. {c.report.findings}</p>
          <DataTable caption="Items seen against the licence" rows={c.report.items} rowKey={(r) => r.description + r.quantitySeen}
            columns={[
              { key: 'description', header: 'Item' },
              { key: 'quantitySeen', header: 'Seen' },
              { key: 'quantityShipped', header: 'Shipped', render: (r) => r.quantityShipped ?? '—' },
              { key: 'quantityLicensed', header: 'Licensed', render: (r) => r.quantityLicensed ?? '—' },
              { key: 'difference', header: 'Difference', render: (r) => r.difference ?? '—' },
              { key: 'serialNumbers', header: 'Serial numbers', render: (r) => r.serialNumbers.join(', ') || '—' },
            ]} />
          {c.report.evidenceFileIds.map((f, i) => <p key={f}><a href={`/api/verifications/${c.id}/evidence/${f}`}>Evidence file {i + 1}</a></p>)}
        </section>
      )}
      {officer && open && <AssignForm check={c} />}
      {partner && c.status === 'assigned' && <ReportForm check={c} />}
    </>
  );
}

export function CheckPage() {
  const { id } = useParams();
  return (
    <RequireRole roles="all">
      <CheckBody id={id!} />
    </RequireRole>
  );
}
