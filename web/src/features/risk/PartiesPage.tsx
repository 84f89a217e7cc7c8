import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { api, qs } from '../../api/client';
import { DataTable, ErrorState, limitOffset, Loading, PagedTable, PageHeader, RequireRole, usePagedList } from '../../components';
import { READERS } from './AlertsPage';
import type { Party } from './types';

const partyUrl = (key: string) => `/risk/parties/${encodeURIComponent(key)}`;

function PartyList() {
  const navigate = useNavigate();
  const list = usePagedList(['risk-parties'], (r) => api.get<{ parties: Party[]; total: number }>(`/api/risk/parties${qs({ q: r.q || undefined, ...limitOffset(r) })}`).then((d) => ({ rows: d.parties, total: d.total })));
  return (
    <PagedTable
      list={list}
      caption="Parties seen on declarations (listed first)"
      searchLabel="Search by name"
      rowKey={(p) => p.key}
      onRowClick={(p) => navigate(partyUrl(p.key))}
      columns={[
        { key: 'name', header: 'Party', render: (p) => <Link to={partyUrl(p.key)}>{p.name}</Link> },
        { key: 'country', header: 'Country', render: (p) => p.country },
        { key: 'roles', header: 'Roles', render: (p) => p.roles.join(', ').replace(/_/g, ' ') },
        { key: 'declarations', header: 'Declarations', render: (p) => p.declarations },
        { key: 'listed', header: 'Listed', render: (p) => (p.listed ? `Yes — ${p.listedDetail}` : '') },
      ]}
      empty={<p>No parties yet: they appear after a scan.</p>}
    />
  );
}

export function PartiesPage() {
  return (
    <RequireRole roles={[...READERS]}>
      <PageHeader title="Party links" />
      <PartyList />
    </RequireRole>
  );
}

function PartyDetail({ partyKey }: { partyKey: string }) {
  const q = useQuery({ queryKey: ['risk-party', partyKey], queryFn: () => api.get<{ party: Party; links: { via: string; party: Party }[]; alert: { id: string; score: number; status: string } | null }>(`/api/risk/parties/${encodeURIComponent(partyKey)}`) });
  if (q.isLoading) return <Loading />;
  if (q.error) return <ErrorState error={q.error} />;
  const { party: p, links, alert } = q.data!;
  return (
    <>
      <PageHeader title={`${p.name} (${p.country})`} />
      <p>
        {p.address ?? 'No address declared'}{p.eori ? ` · EORI ${p.eori}` : ''} · first seen {p.firstDate} ({p.firstReference}) · {p.declarations} declaration(s)
        {p.listed && <strong> · Listed: {p.listedDetail}</strong>}
        {alert && <> · <Link to={`/risk/alerts/${alert.id}`}>Alert, score {alert.score} ({alert.status})</Link></>}
      </p>
      <h2>Linked parties</h2>
      <DataTable
        caption="Parties sharing this party's address or identifier"
        rows={links}
        rowKey={(l) => `${l.via}:${l.party.key}`}
        empty={<p>No other party shares its address or identifier.</p>}
        columns={[
          { key: 'name', header: 'Party', render: (l) => <Link to={partyUrl(l.party.key)}>{l.party.name} ({l.party.country})</Link> },
          { key: 'via', header: 'Shares', render: (l) => (l.via === 'address' ? 'Address' : 'Identifier (EORI)') },
          { key: 'listed', header: 'Listed', render: (l) => (l.party.listed ? `Yes — ${l.party.listedDetail}` : 'No') },
        ]}
      />
    </>
  );
}

export function PartyPage() {
  const { key } = useParams();
  return (
    <RequireRole roles={[...READERS]}>
      <p><Link to="/risk/parties">← Parties</Link></p>
      <PartyDetail partyKey={key!} />
    </RequireRole>
  );
}
