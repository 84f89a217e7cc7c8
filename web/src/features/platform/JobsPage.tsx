import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { DataTable, ErrorState, Loading, PageHeader, RequireRole, StatusBadge } from '../../components';

interface Job { id: string; type: string; status: string; attempts: number; progress: number | null; progressMessage: string | null; lastError: string | null; createdAt: string; finishedAt: string | null }
interface Schedule { name: string; jobType: string; cron: string; nextRunAt: string; lastRunAt: string | null }

function Jobs() {
  const q = useQuery({ queryKey: ['jobs'], queryFn: () => api.get<{ jobs: Job[]; schedules: Schedule[] }>('/api/jobs'), refetchInterval: 5000 });
  return (
    <>
      {q.isPending ? <Loading /> : q.error ? <ErrorState error={q.error} /> : (
        <>
          <h2>Schedules</h2>
          <DataTable rows={q.data!.schedules} rowKey={(s) => s.name} columns={[{ key: 'name', header: 'Name' }, { key: 'cron', header: 'When (UTC cron)' }, { key: 'nextRunAt', header: 'Next run' }, { key: 'lastRunAt', header: 'Last run', render: (s) => s.lastRunAt ?? 'never' }]} />
          <h2>Recent jobs</h2>
          <DataTable
            rows={q.data!.jobs}
            rowKey={(j) => j.id}
            columns={[
              { key: 'type', header: 'Type' },
              { key: 'status', header: 'Status', render: (j) => <StatusBadge status={j.status} /> },
              { key: 'progress', header: 'Progress', render: (j) => (j.progress == null ? '' : <progress max={1} value={j.progress} aria-label={`${Math.round(j.progress * 100)}%`} />) },
              { key: 'attempts', header: 'Attempts' },
              { key: 'lastError', header: 'Last error', render: (j) => j.lastError ?? '' },
              { key: 'createdAt', header: 'Created' },
            ]}
          />
        </>
      )}
    </>
  );
}

export function JobsPage() {
  return (
    <RequireRole roles={['admin', 'oversight']}>
      <PageHeader title="Background jobs" />
      <Jobs />
    </RequireRole>
  );
}
