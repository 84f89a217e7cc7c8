import { useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api, qs } from '../../api/client';
import { AuditChange, ErrorState, Loading, PageHeader, PagedTable, RequireRole, StatusBadge, TextField, limitOffset, usePagedList } from '../../components';

interface AuditEvent { seq: number; id: string; occurredAt: string; actorEmail: string | null; action: string; subjectType: string; subjectId: string | null; summary: { before?: unknown; after?: unknown; details?: unknown } | null; requestId: string | null }

const FILTERS = ['actor', 'action', 'subjectType', 'subjectId', 'from', 'to'] as const;
type Filter = (typeof FILTERS)[number];

/** Date inputs give a day; the API wants instants covering it. */
const dayStart = (d: string) => (d ? `${d}T00:00:00.000Z` : undefined);
const dayEnd = (d: string) => (d ? `${d}T23:59:59.999Z` : undefined);

function AuditEvents() {
  const [params, setParams] = useSearchParams();
  const f = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ''])) as Record<Filter, string>;
  const list = usePagedList(['audit', f], (r) =>
    api
      .get<{ total: number; events: AuditEvent[] }>(
        `/api/audit/events${qs({ actor: f.actor, action: f.action, subjectType: f.subjectType, subjectId: f.subjectId, from: dayStart(f.from), to: dayEnd(f.to), ...limitOffset(r) })}`,
      )
      .then((d) => ({ rows: d.events, total: d.total })),
  );
  const set = (k: Filter) => (e: { target: { value: string } }) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (e.target.value) next.set(k, e.target.value);
        else next.delete(k);
        next.delete('page');
        return next;
      },
      { replace: true },
    );
  return (
    <PagedTable
      list={list}
      rowKey={(e) => e.id}
      caption={`${list.query.data?.total ?? '…'} events`}
      filters={
        <>
          <TextField label="Actor (email or id)" value={f.actor} onChange={set('actor')} />
          <TextField label="Action" value={f.action} onChange={set('action')} />
          <TextField label="Subject type" value={f.subjectType} onChange={set('subjectType')} />
          <TextField label="Subject id" value={f.subjectId} onChange={set('subjectId')} />
          <TextField label="From" type="date" value={f.from} onChange={set('from')} />
          <TextField label="To" type="date" value={f.to} onChange={set('to')} />
        </>
      }
      columns={[
        { key: 'seq', header: '#' },
        { key: 'occurredAt', header: 'Time', render: (e) => e.occurredAt.slice(0, 19).replace('T', ' ') },
        { key: 'actorEmail', header: 'Actor', render: (e) => e.actorEmail ?? 'system' },
        { key: 'action', header: 'Action' },
        { key: 'subject', header: 'Subject', render: (e) => `${e.subjectType} ${e.subjectId ?? ''}` },
        { key: 'summary', header: 'Change', render: (e) => <AuditChange summary={e.summary} /> },
      ]}
    />
  );
}

function ChainVerification() {
  const verify = useQuery({ queryKey: ['audit-verify'], queryFn: () => api.get<{ ok: boolean; events: number; brokenAt?: { seq: number; reason: string } }>('/api/audit/verify') });
  return (
    <section className="panel" aria-live="polite">
      <h2>Chain verification</h2>
      {verify.isPending ? <Loading what="Verifying" /> : verify.error ? <ErrorState error={verify.error} /> : verify.data.ok ? (
        <p data-testid="audit-verify"><StatusBadge status="ok" label="intact" /> {verify.data.events} events, every link verified.</p>
      ) : (
        <p data-testid="audit-verify"><StatusBadge status="failed" label="broken" /> First broken link at event {verify.data.brokenAt!.seq}: {verify.data.brokenAt!.reason}</p>
      )}
    </section>
  );
}

export function AuditPage() {
  // Queries live inside RequireRole so nothing is fetched (or read) before the user is known.
  return (
    <RequireRole roles={['admin', 'oversight']}>
      <PageHeader title="Audit trail" />
      <ChainVerification />
      <AuditEvents />
    </RequireRole>
  );
}
