import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { api, qs } from '../../api/client';
import { Button, FormError, limitOffset, PagedTable, PageHeader, RequireRole, SelectField, StatusBadge, usePagedList } from '../../components';
import { hasRole, useAuth } from '../../auth';
import { type Alert, type Scan, SIGNAL_LABELS, signalLabel } from './types';

export const READERS = ['customs_officer', 'enforcement_officer', 'licensing_officer', 'senior_officer', 'admin', 'oversight'] as const;
export const SCANNERS = ['customs_officer', 'enforcement_officer', 'admin'] as const;
export const DECIDERS = ['customs_officer', 'enforcement_officer'] as const;

function ScanPanel() {
  const qc = useQueryClient();
  const scans = useQuery({ queryKey: ['risk-scans'], queryFn: () => api.get<{ scans: Scan[] }>('/api/risk/scans?limit=3'), refetchInterval: (q) => (q.state.data?.scans.some((s) => s.status === 'queued' || s.status === 'running') ? 2000 : false) });
  const run = useMutation({
    mutationFn: (full: boolean) => api.post<{ scan: Scan }>('/api/risk/scan', full ? { full: true } : {}),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['risk-scans'] }),
  });
  const last = scans.data?.scans[0];
  return (
    <section className="panel" aria-label="Scans">
      <h2>Scans</h2>
      <FormError error={run.error} />
      <p>
        <Button type="button" onClick={() => run.mutate(false)} disabled={run.isPending}>Scan new declarations</Button>{' '}
        <Button type="button" variant="secondary" onClick={() => run.mutate(true)} disabled={run.isPending}>Full scan</Button>
      </p>
      {last && (
        <p role="status">
          Last scan ({last.mode}): <StatusBadge status={last.status} /> {last.scanned} of {last.total} declarations, {last.alerts} alerts
          {Object.entries(last.notEvaluated).map(([k, v]) => (
            <span key={k} className="hint"> · Not evaluated — {signalLabel(k)}: {v}</span>
          ))}
        </p>
      )}
    </section>
  );
}

function AlertsTable() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind') ?? '';
  const status = params.get('status') ?? 'new';
  const setFilter = (k: string, v: string) => setParams((p) => { const n = new URLSearchParams(p); if (v) n.set(k, v); else n.delete(k); n.delete('page'); return n; }, { replace: true });
  const list = usePagedList(['risk-alerts', kind, status], (r) => api.get<{ alerts: Alert[]; total: number }>(`/api/risk/alerts${qs({ kind: kind || undefined, status: status === 'all' ? undefined : status, ...limitOffset(r) })}`).then((d) => ({ rows: d.alerts, total: d.total })));
  return (
    <PagedTable
      list={list}
      caption="Alerts, highest score first"
      rowKey={(a) => a.id}
      onRowClick={(a) => navigate(`/risk/alerts/${a.id}`)}
      filters={
        <>
          <SelectField label="Signal" value={kind} onChange={(e) => setFilter('kind', e.target.value)} options={[{ value: '', label: 'All signals' }, ...Object.entries(SIGNAL_LABELS).map(([value, label]) => ({ value, label }))]} />
          <SelectField label="Status" value={status} onChange={(e) => setFilter('status', e.target.value)} options={['new', 'triaged', 'escalated', 'dismissed', 'all'].map((s) => ({ value: s, label: s === 'all' ? 'All' : s[0]!.toUpperCase() + s.slice(1) }))} />
        </>
      }
      columns={[
        { key: 'score', header: 'Score', render: (a) => <strong>{a.score}</strong> },
        { key: 'subject', header: 'Subject', render: (a) => <a href={`/risk/alerts/${a.id}`} onClick={(e) => { e.preventDefault(); navigate(`/risk/alerts/${a.id}`); }}>{a.subject.reference}</a> },
        { key: 'type', header: 'Type', render: (a) => a.subject.type },
        { key: 'kind', header: 'Main signal', render: (a) => signalLabel(a.kind) },
        { key: 'why', header: 'Why', render: (a) => a.explanation[0]?.detail ?? '' },
        { key: 'status', header: 'Status', render: (a) => <StatusBadge status={a.status} /> },
      ]}
      empty={<p>No alerts here. Run a scan, or choose another status.</p>}
    />
  );
}

/** The alerts queue with its filters, and (for officers who may) the scan buttons. */
export function AlertsPage() {
  const { me } = useAuth();
  return (
    <RequireRole roles={[...READERS]}>
      <PageHeader title="Risk alerts" />
      {me && hasRole(me, [...SCANNERS]) && <ScanPanel />}
      <AlertsTable />
    </RequireRole>
  );
}
