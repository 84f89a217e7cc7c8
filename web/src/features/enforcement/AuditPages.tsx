import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, qs } from '../../api/client';
import { Button, ErrorState, FormError, Loading, PageHeader, PagedTable, RequireRole, SelectField, StatusBadge, TextField, fieldErrors, limitOffset, usePagedList } from '../../components';
import { useAuth } from '../../auth';
import { READERS } from './ConcernPages';

interface AuditRow { id: string; organisation: string; status: string; plannedOn: string; rating: string | null }
interface Rating { rating: string; score: number; reasons: string[] }
interface Audit {
  id: string; organisation: string | null; basis: string; plannedOn: string; status: string;
  checklist: { element: string; label: string; score: number | null; note: string | null }[];
  findings: { id: string; element: string; severity: string; description: string; action: string; dueOn: string; status: string }[];
  currentRating: Rating | null;
}

function PlanAudit() {
  const navigate = useNavigate();
  const [f, setF] = useState({ organisationId: '', basis: '', plannedOn: '' });
  const m = useMutation({ mutationFn: () => api.post<{ id: string }>('/api/enforcement/audits', f), onSuccess: (r) => navigate(`/enforcement/audits/${r.id}`) });
  const exporters = useQuery({ queryKey: ['enforcement-exporters'], queryFn: () => api.get<{ exporters: { id: string; name: string; country: string }[] }>('/api/enforcement/exporters?limit=200') });
  const errs = fieldErrors(m.error);
  return (
    <form className="panel" aria-label="Plan an audit" onSubmit={(e) => (e.preventDefault(), m.mutate())}>
      <h2>Plan an ICP audit</h2>
      <FormError error={m.error} />
      <SelectField
        label="Exporter"
        value={f.organisationId}
        onChange={(e) => setF({ ...f, organisationId: e.target.value })}
        error={errs.organisationId}
        options={[{ value: '', label: exporters.isPending ? 'Loading…' : 'Choose an exporter' }, ...(exporters.data?.exporters ?? []).map((x) => ({ value: x.id, label: `${x.name} (${x.country})` }))]}
      />
      <TextField label="Why this exporter" hint="e.g. its rank on the risk targeting list" value={f.basis} onChange={(e) => setF({ ...f, basis: e.target.value })} error={errs.basis} />
      <TextField label="Planned on" type="date" value={f.plannedOn} onChange={(e) => setF({ ...f, plannedOn: e.target.value })} error={errs.plannedOn} />
      <Button type="submit" disabled={m.isPending}>Plan</Button>
    </form>
  );
}

function AuditList() {
  const navigate = useNavigate();
  const { me } = useAuth();
  const list = usePagedList<AuditRow>(['enforcement-audits'], async (r) => {
    const d = await api.get<{ total: number; audits: AuditRow[] }>(`/api/enforcement/audits${qs(limitOffset(r))}`);
    return { rows: d.audits, total: d.total };
  });
  return (
    <>
      {me?.role === 'enforcement_officer' && <PlanAudit />}
      <PagedTable
        list={list}
        rowKey={(a) => a.id}
        onRowClick={(a) => navigate(`/enforcement/audits/${a.id}`)}
        empty={<p>No audits yet.</p>}
        columns={[
          { key: 'organisation', header: 'Exporter' },
          { key: 'plannedOn', header: 'Planned' },
          { key: 'status', header: 'Status', render: (a) => <StatusBadge status={a.status} /> },
          { key: 'rating', header: 'Rating at completion', render: (a) => a.rating ?? '—' },
        ]}
      />
    </>
  );
}

export function AuditsPage() {
  return (
    <RequireRole roles={[...READERS]}>
      <PageHeader title="ICP compliance audits" />
      <AuditList />
    </RequireRole>
  );
}

function AuditDetail({ id }: { id: string }) {
  const { me } = useAuth();
  const qc = useQueryClient();
  const key = ['enforcement-audit', id];
  const q = useQuery({ queryKey: key, queryFn: () => api.get<Audit>(`/api/enforcement/audits/${id}`) });
  const refresh = () => qc.invalidateQueries({ queryKey: key });
  const score = useMutation({ mutationFn: (b: { element: string; score: number }) => api.post(`/api/enforcement/audits/${id}/checklist`, b), onSuccess: refresh });
  const [finding, setFinding] = useState({ element: 'management_commitment', severity: 'major', description: '', action: '', dueOn: '' });
  const addFinding = useMutation({ mutationFn: () => api.post(`/api/enforcement/audits/${id}/findings`, finding), onSuccess: refresh });
  const close = useMutation({ mutationFn: (fid: string) => api.post(`/api/enforcement/audits/${id}/findings/${fid}/close`, { note: 'Follow-up shown done' }), onSuccess: refresh });
  const complete = useMutation({ mutationFn: () => api.post(`/api/enforcement/audits/${id}/complete`), onSuccess: refresh });
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} />;
  const a = q.data;
  const works = me?.role === 'enforcement_officer';
  const open = works && a.status !== 'completed';
  const errs = fieldErrors(addFinding.error);
  return (
    <>
      <PageHeader title={`ICP audit: ${a.organisation ?? a.id}`}><StatusBadge status={a.status} /></PageHeader>
      <p>Planned {a.plannedOn} · {a.basis}</p>
      <p role="status" aria-label="ICP rating">Current rating: <strong>{a.currentRating?.rating ?? 'not assessed'}</strong>{a.currentRating ? ` (${a.currentRating.reasons.join('; ')})` : ''}</p>
      <section className="panel">
        <h2>Checklist (EU Recommendation 2019/1318)</h2>
        <FormError error={score.error ?? complete.error} />
        {a.checklist.map((c) => (
          <div key={c.element} className="field">
            {open ? (
              <SelectField label={c.label} value={c.score === null ? '' : String(c.score)} onChange={(e) => score.mutate({ element: c.element, score: Number(e.target.value) })} options={[{ value: '', label: 'Not scored' }, ...[0, 1, 2, 3].map((n) => ({ value: String(n), label: `${n} — ${['absent', 'partial', 'largely in place', 'effective'][n]}` }))]} />
            ) : (
              <p>{c.label}: {c.score ?? '—'}</p>
            )}
          </div>
        ))}
        {open && <Button type="button" onClick={() => complete.mutate()} disabled={complete.isPending}>Complete audit</Button>}
      </section>
      <section className="panel">
        <h2>Findings</h2>
        <ul>
          {a.findings.map((f) => (
            <li key={f.id}>
              <StatusBadge status={f.severity} /> {f.description} → {f.action} (due {f.dueOn}) · {f.status}
              {works && f.status === 'open' && <> <Button type="button" variant="secondary" onClick={() => close.mutate(f.id)}>Close finding</Button></>}
            </li>
          ))}
        </ul>
        {open && (
          <form aria-label="Add a finding" onSubmit={(e) => (e.preventDefault(), addFinding.mutate())}>
            <FormError error={addFinding.error} />
            <SelectField label="Element" value={finding.element} onChange={(e) => setFinding({ ...finding, element: e.target.value })} options={a.checklist.map((c) => ({ value: c.element, label: c.label }))} />
            <SelectField label="Severity" value={finding.severity} onChange={(e) => setFinding({ ...finding, severity: e.target.value })} options={['minor', 'major', 'critical'].map((s) => ({ value: s, label: s }))} />
            <TextField label="Finding" value={finding.description} onChange={(e) => setFinding({ ...finding, description: e.target.value })} error={errs.description} />
            <TextField label="Follow-up action" value={finding.action} onChange={(e) => setFinding({ ...finding, action: e.target.value })} error={errs.action} />
            <TextField label="Deadline" type="date" value={finding.dueOn} onChange={(e) => setFinding({ ...finding, dueOn: e.target.value })} error={errs.dueOn} />
            <Button type="submit" disabled={addFinding.isPending}>Add finding</Button>
          </form>
        )}
      </section>
    </>
  );
}

export function AuditPage() {
  const { id } = useParams();
  return (
    <RequireRole roles={[...READERS]}>
      <AuditDetail id={id!} />
    </RequireRole>
  );
}
