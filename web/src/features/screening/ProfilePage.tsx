import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { ErrorState, Loading, PageHeader, RequireRole } from '../../components';

interface Listing { entityId: string; source: string; list: string | null; name: string; programmes: string[]; listedOn: string | null; listVersion: string; remarks: string | null; sourceUrls: string[]; sourceFeed: string | null }
interface Profile {
  id: string;
  name: string;
  schema: string;
  names: Array<{ name: string; type: string; source: string }>;
  addresses: Array<{ full: string; country?: string; source: string }>;
  identifiers: Array<{ type: string; value: string; country?: string; source: string }>;
  birthDates: string[];
  countries: string[];
  programmes: string[];
  listings: Listing[];
}

/** One listed entity across every list: names, addresses, identifiers, programmes, listings and source links. */
export function ProfilePage() {
  const { id } = useParams();
  const q = useQuery({ queryKey: ['screening', 'profile', id], queryFn: () => api.get<{ profile: Profile }>(`/api/screening/profiles/${encodeURIComponent(id ?? '')}`) });
  const p = q.data?.profile;
  return (
    <RequireRole roles="all">
      {q.isLoading ? <Loading /> : q.error ? <ErrorState error={q.error} /> : p && (
        <>
          <PageHeader title={p.name} />
          <p>
            {p.schema} · {p.listings.length} listing{p.listings.length === 1 ? '' : 's'} on {new Set(p.listings.map((l) => l.source)).size} source(s) · programmes {p.programmes.join(', ') || '—'}
            {p.birthDates.length ? ` · born ${p.birthDates.join(', ')}` : ''} · countries {p.countries.join(', ') || '—'}
          </p>
          <h2>Listings</h2>
          <table aria-label="Listings">
            <thead><tr><th>Source</th><th>List</th><th>Listed on</th><th>Programmes</th><th>Links</th></tr></thead>
            <tbody>
              {p.listings.map((l) => (
                <tr key={l.entityId} data-entity={l.entityId}>
                  <td>{l.source}</td>
                  <td>{l.list ?? '—'}</td>
                  <td>{l.listedOn ?? 'not given'}</td>
                  <td>{l.programmes.join(', ')}</td>
                  <td>
                    {l.sourceUrls.map((u) => <a key={u} href={u} rel="noreferrer">legal act </a>)}
                    {l.sourceFeed && <a href={l.sourceFeed} rel="noreferrer">list feed</a>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Names</h2>
          <ul aria-label="Names">{p.names.map((n) => <li key={`${n.name}|${n.source}`}>{n.name} <span className="hint">({n.type}, {n.source})</span></li>)}</ul>
          <h2>Addresses</h2>
          {p.addresses.length ? <ul>{p.addresses.map((a) => <li key={`${a.full}|${a.source}`}>{a.full} <span className="hint">({a.source})</span></li>)}</ul> : <p>None listed.</p>}
          <h2>Identifiers</h2>
          {p.identifiers.length ? <ul>{p.identifiers.map((i) => <li key={`${i.type}|${i.value}|${i.source}`}>{i.type}: {i.value}{i.country ? ` (${i.country})` : ''} <span className="hint">({i.source})</span></li>)}</ul> : <p>None listed.</p>}
          <p><Link to="/screening">Back to screening</Link></p>
        </>
      )}
    </RequireRole>
  );
}
