import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, qs } from '../../api/client';
import { Button, FormError, PageHeader, PagedTable, RequireRole, SelectField, StatusBadge, TextArea, TextField, fieldErrors, limitOffset, usePagedList } from '../../components';
import { useAuth } from '../../auth';
import { type Check, OFFICERS, READERS, words } from './types';

function ChecksTable({ partner }: { partner: boolean }) {
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const overdue = params.get('overdue') === 'true';
  const navigate = useNavigate();
  const list = usePagedList(['verifications', status, overdue], (r) =>
    api.get<{ total: number; checks: Check[] }>(`/api/verifications${qs({ status: status || undefined, overdue: overdue ? 'true' : undefined, ...limitOffset(r) })}`).then((d) => ({ rows: d.checks, total: d.total })),
  );
  const set = (k: string, v: string) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (v) next.set(k, v);
      else next.delete(k);
      next.delete('page');
      return next;
    });
  return (
    <PagedTable
      list={list}
      rowKey={(c) => c.id}
      caption={`${list.query.data?.total ?? '…'} checks`}
      onRowClick={(c) => navigate(`/verification/checks/${c.id}`)}
      empty={partner ? 'No checks are assigned to your organisation.' : 'No checks match.'}
      filters={
        <>
          <SelectField label="Status" value={status} onChange={(e) => set('status', e.target.value)} options={[{ value: '', label: 'Any' }, ...['requested', 'assigned', 'reported'].map((s) => ({ value: s, label: s }))]} />
          <SelectField label="Due" value={overdue ? 'true' : ''} onChange={(e) => set('overdue', e.target.value)} options={[{ value: '', label: 'Any' }, { value: 'true', label: 'Overdue only' }]} />
        </>
      }
      columns={[
        { key: 'reference', header: 'Check', render: (c) => <Link to={`/verification/checks/${c.id}`}>{c.reference}</Link> },
        { key: 'kind', header: 'Kind', render: (c) => words(c.kind) },
        { key: 'party', header: 'Party', render: (c) => `${c.party.name} (${c.party.country})` },
        { key: 'status', header: 'Status', render: (c) => <StatusBadge status={c.report?.outcome ?? c.status} /> },
        { key: 'dueOn', header: 'Due', render: (c) => `${c.dueOn}${c.overdue ? ' (overdue)' : ''}` },
      ]}
    />
  );
}

/** Officers request a check on a party of a case, a licence or a declaration (prefilled from the URL when linked). */
function RequestForm() {
  const [params] = useSearchParams();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const initialSubject = params.get('licenceId') ? 'licenceId' : params.get('declarationReference') ? 'declarationReference' : 'applicationId';
  const [f, setF] = useState({ kind: initialSubject === 'applicationId' ? 'pre_licence' : 'post_shipment', subjectType: initialSubject, subject: params.get(initialSubject) ?? '', partyId: params.get('partyId') ?? '', reason: '', dueOn: '' });
  const m = useMutation({
    mutationFn: () => api.post<Check>('/api/verifications', { kind: f.kind, subject: { [f.subjectType]: f.subject.trim() }, partyId: f.partyId.trim(), reason: f.reason, dueOn: f.dueOn || undefined }),
    onSuccess: (c) => {
      qc.invalidateQueries({ queryKey: ['verifications'] });
      navigate(`/verification/checks/${c.id}`);
    },
  });
  const errs = fieldErrors(m.error);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  return (
    <form className="panel" aria-label="Request an end-use check" onSubmit={(e) => { e.preventDefault(); m.mutate(); }}>
      <h2>Request an end-use check</h2>
      <FormError error={m.error} />
      <SelectField label="Kind" value={f.kind} onChange={set('kind')} error={errs.kind} options={[{ value: 'pre_licence', label: 'Pre-licence' }, { value: 'post_shipment', label: 'Post-shipment' }]} />
      <SelectField label="About" value={f.subjectType} onChange={set('subjectType')} options={[{ value: 'applicationId', label: 'A case (application id)' }, { value: 'licenceId', label: 'A licence (licence id)' }, { value: 'declarationReference', label: 'A customs declaration (reference)' }]} />
      <TextField label="Case, licence or declaration" value={f.subject} onChange={set('subject')} error={errs.subject ?? errs[`subject.${f.subjectType}`]} />
      <TextField label="Party id" value={f.partyId} onChange={set('partyId')} error={errs.partyId} hint="The party as named on the case (from the case's parties)" />
      <TextArea label="Reason" value={f.reason} onChange={set('reason')} error={errs.reason} />
      <TextField label="Due on (optional)" type="date" value={f.dueOn} onChange={set('dueOn')} error={errs.dueOn} />
      <Button type="submit" disabled={m.isPending}>Request check</Button>
    </form>
  );
}

function ChecksBody() {
  const { me } = useAuth();
  const partner = me?.organisation.kind === 'partner_agency';
  if (partner)
    return (
      <>
        <PageHeader title="My end-use checks" />
        <p>Checks assigned to {me!.organisation.name}. Open one to file the visit report.</p>
        <ChecksTable partner />
      </>
    );
  if (!me || !(READERS as readonly string[]).includes(me.role)) return <p role="alert">End-use checks are for authority officers and partner agencies.</p>;
  return (
    <>
      <PageHeader title="End-use checks" />
      <p>
        <Link to="/verification/proposals">Proposed checks</Link> · <Link to="/verification/unverified">Unverified List</Link>
      </p>
      <ChecksTable partner={false} />
      {(OFFICERS as readonly string[]).includes(me.role) && <RequestForm />}
    </>
  );
}

export function ChecksPage() {
  return (
    <RequireRole roles="all">
      <ChecksBody />
    </RequireRole>
  );
}
