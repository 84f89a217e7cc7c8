import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client';
import { DataTable, EmptyState, ErrorState, Loading, PageHeader, StatusBadge } from '../../components';
import { ResultView } from './ResultView';
import { END_USE_LABEL, type DeterminationResult } from './types';

interface Row {
  id: string;
  policy: string;
  policyVersion: string;
  outcome: string;
  tier: string;
  destination: string;
  endUse: string;
  totalValue: number;
  itemCount: number;
  applicationId: string | null;
  createdAt: string;
}

/** Stored determinations: the organisation's own (authority readers see all). */
export function HistoryPage() {
  const nav = useNavigate();
  const q = useQuery({ queryKey: ['determinations'], queryFn: () => api.get<{ determinations: Row[] }>('/api/determinations?limit=500') });
  return (
    <>
      <PageHeader title="Determinations">
        <Link to="/determine" className="btn btn-primary">
          New check
        </Link>
      </PageHeader>
      {q.isLoading ? (
        <Loading />
      ) : q.error ? (
        <ErrorState error={q.error} />
      ) : (
        <DataTable
          caption="Stored determinations, newest first"
          rows={q.data!.determinations}
          rowKey={(r) => r.id}
          onRowClick={(r) => nav(`/determinations/${r.id}`)}
          empty={<EmptyState title="No determinations yet" />}
          columns={[
            { key: 'createdAt', header: 'When', render: (r) => <Link to={`/determinations/${r.id}`}>{r.createdAt.slice(0, 16).replace('T', ' ')}</Link> },
            { key: 'policyVersion', header: 'Rules' },
            { key: 'destination', header: 'Destination' },
            { key: 'endUse', header: 'End use', render: (r) => END_USE_LABEL[r.endUse] ?? r.endUse },
            { key: 'itemCount', header: 'Items' },
            { key: 'totalValue', header: 'Value' },
            { key: 'outcome', header: 'Outcome', render: (r) => <StatusBadge status={r.outcome} /> },
            { key: 'tier', header: 'Tier' },
          ]}
        />
      )}
    </>
  );
}

export function DeterminationDetailPage() {
  const { id } = useParams();
  const q = useQuery({ queryKey: ['determination', id], queryFn: () => api.get<{ result: DeterminationResult; createdAt: string }>(`/api/determinations/${id}`) });
  if (q.isLoading) return <Loading />;
  if (q.error) return <ErrorState error={q.error} />;
  return (
    <>
      <PageHeader title="Determination" />
      <p>Made {q.data!.createdAt.slice(0, 16).replace('T', ' ')} UTC.</p>
      <ResultView result={q.data!.result} />
    </>
  );
}
