import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, qs } from '../../api/client';
import { DataTable, ErrorState, Loading, PageHeader, RequireRole, StatusBadge, TextField } from '../../components';

interface AuditEvent { seq: number; id: string; occurredAt: string; actorEmail: string | null; action: string; subjectType: string; subjectId: string | null; summary: unknown; requestId: string | null }

export function AuditPage() {
  const [filters, setFilters] = useState({ actor: '', subjectType: '', subjectId: '', from: '', to: '' });
  const events = useQuery({ queryKey: ['audit', filters], queryFn: () => api.get<{ total: number; events: AuditEvent[] }>(`/api/audit/events${qs({ ...filters, limit: 200 })}`) });
  const verify = useQuery({ queryKey: ['audit-verify'], queryFn: () => api.get<{ ok: boolean; events: number; brokenAt?: { seq: number; reason: string } }>('/api/audit/verify') });
  const set = (k: keyof typeof filters) => (e: { target: { value: string } }) => setFilters({ ...filters, [k]: e.target.value });
  return (
    <RequireRole roles={['admin', 'oversight']}>
      <PageHeader title="Audit trail" />
      <section className="panel" aria-live="polite">
        <h2>Chain verification</h2>
        {verify.isLoading ? <Loading what="Verifying" /> : verify.error ? <ErrorState error={verify.error} /> : verify.data!.ok ? (
          <p data-testid="audit-verify"><StatusBadge status="ok" label="intact" /> {verify.data!.events} events, every link verified.</p>
        ) : (
          <p data-testid="audit-verify"><StatusBadge status="failed" label="broken" /> First broken link at event {verify.data!.brokenAt!.seq}: {verify.data!.brokenAt!.reason}</p>
        )}
      </section>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <TextField label="Actor (email or id)" value={filters.actor} onChange={set('actor')} />
        <TextField label="Subject type" value={filters.subjectType} onChange={set('subjectType')} />
        <TextField label="Subject id" value={filters.subjectId} onChange={set('subjectId')} />
        <TextField label="From" type="date" value={filters.from} onChange={set('from')} />
        <TextField label="To" type="date" value={filters.to} onChange={set('to')} />
      </form>
      {events.isLoading ? <Loading /> : events.error ? <ErrorState error={events.error} /> : (
        <DataTable
          rows={events.data!.events}
          rowKey={(e) => e.id}
          caption={`${events.data!.total} events`}
          columns={[
            { key: 'seq', header: '#' },
            { key: 'occurredAt', header: 'Time' },
            { key: 'actorEmail', header: 'Actor', render: (e) => e.actorEmail ?? 'system' },
            { key: 'action', header: 'Action' },
            { key: 'subject', header: 'Subject', render: (e) => `${e.subjectType} ${e.subjectId ?? ''}`, sortValue: (e) => e.subjectType },
            { key: 'summary', header: 'Change', render: (e) => <code className="small">{JSON.stringify(e.summary).slice(0, 160)}</code>, sortable: false },
          ]}
        />
      )}
    </RequireRole>
  );
}
