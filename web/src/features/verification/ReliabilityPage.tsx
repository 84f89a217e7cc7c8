import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { DataTable, ErrorState, Loading, PageHeader, RequireRole, StatusBadge } from '../../components';
import { type Check, READERS, words } from './types';
import { NotForPartners } from './PartnerGuard';

interface Reliability {
  party: { id: string; name: string; country: string; role: string };
  score: number;
  computation: { start: number; components: { what: string; count: number; points: number }[]; bounded: string | null; note: string };
  checks: Check[];
  listings: { id: string; status: string; reason: string | null; reviewOn: string | null }[];
  denials: { id: string; source: string; reference: string | null; name: string; reason: string | null }[];
  screeningDecisions: { hitId: string; source: string; list: string | null; entityName: string; status: string; reason: string | null }[];
  applications: { id: string; reference: string | null; status: string; outcome: string | null; role: string }[];
  licences: { id: string; reference: string; status: string; issuedAt: string }[];
}

function Record({ id }: { id: string }) {
  const q = useQuery({ queryKey: ['reliability', id], queryFn: () => api.get<Reliability>(`/api/parties/${id}/reliability`) });
  if (q.isLoading) return <Loading />;
  if (q.error) return <ErrorState error={q.error} />;
  const r = q.data!;
  return (
    <>
      <PageHeader title={`Reliability: ${r.party.name} (${r.party.country})`} />
      <section className="panel" aria-label="Score">
        <h2>Score {r.score} / 100</h2>
        <ul>
          <li>Start: {r.computation.start}</li>
          {r.computation.components.map((c) => <li key={c.what}>{c.what}: {c.count} × → {c.points > 0 ? '+' : ''}{c.points}</li>)}
          {r.computation.bounded && <li>{r.computation.bounded}</li>}
        </ul>
        <p>{r.computation.note}</p>
      </section>
      <DataTable caption="End-use checks" rows={r.checks} rowKey={(c) => c.id} empty="No checks."
        columns={[
          { key: 'reference', header: 'Check', render: (c) => <Link to={`/verification/checks/${c.id}`}>{c.reference}</Link> },
          { key: 'kind', header: 'Kind', render: (c) => words(c.kind) },
          { key: 'outcome', header: 'Outcome', render: (c) => <StatusBadge status={c.report?.outcome ?? c.status} /> },
          { key: 'createdAt', header: 'Requested', render: (c) => c.createdAt.slice(0, 10) },
        ]} />
      <DataTable caption="Unverified List" rows={r.listings} rowKey={(l) => l.id} empty="Never listed."
        columns={[{ key: 'status', header: 'Status' }, { key: 'reason', header: 'Reason', render: (l) => l.reason ?? '—' }, { key: 'reviewOn', header: 'Review on', render: (l) => l.reviewOn ?? '—' }]} />
      <DataTable caption="Denials" rows={r.denials} rowKey={(d) => d.id} empty="No active denials."
        columns={[{ key: 'source', header: 'Source' }, { key: 'reference', header: 'Reference', render: (d) => d.reference ?? '—' }, { key: 'reason', header: 'Reason', render: (d) => d.reason ?? '—' }]} />
      <DataTable caption="Screening decisions" rows={r.screeningDecisions} rowKey={(s) => s.hitId} empty="No decided screening hits."
        columns={[{ key: 'list', header: 'List', render: (s) => s.list ?? s.source }, { key: 'entityName', header: 'Listed name' }, { key: 'status', header: 'Decision', render: (s) => words(s.status) }]} />
      <DataTable caption="Cases" rows={r.applications} rowKey={(a) => a.id} empty="No cases."
        columns={[{ key: 'reference', header: 'Case', render: (a) => a.reference ?? '—' }, { key: 'role', header: 'Role', render: (a) => words(a.role) }, { key: 'outcome', header: 'Outcome', render: (a) => words(a.outcome ?? a.status) }]} />
      <DataTable caption="Licences" rows={r.licences} rowKey={(l) => l.id} empty="No licences."
        columns={[
          { key: 'reference', header: 'Licence' },
          { key: 'status', header: 'Status' },
          { key: 'issuedAt', header: 'Issued', render: (l) => l.issuedAt.slice(0, 10) },
          { key: 'request', header: 'Check', render: (l) => <Link to={`/verification?licenceId=${l.id}&partyId=${r.party.id}`}>Request a post-shipment check</Link> },
        ]} />
    </>
  );
}

export function ReliabilityPage() {
  const { id } = useParams();
  return (
    <RequireRole roles={[...READERS]}>
      <NotForPartners>
        <Record id={id!} />
      </NotForPartners>
    </RequireRole>
  );
}
