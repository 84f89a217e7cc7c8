/** The lists behind a screening: each list's date and age, and warnings for lists not loaded or older than the limit. */
export interface ListVersionInfo {
  versionId: string | null;
  title: string;
  loaded: boolean;
  dataDate: string | null;
  fetchedAt: string | null;
  ageDays: number | null;
  stale: boolean;
}

export function ListFreshness({ listVersions, warnings }: { listVersions?: Record<string, ListVersionInfo>; warnings?: string[] }) {
  if (!listVersions) return null;
  return (
    <section aria-label="Lists screened against" data-testid="list-freshness">
      {!!warnings?.length && (
        <ul aria-label="List warnings" className="warnings">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <table>
        <thead>
          <tr>
            <th>List</th>
            <th>Data date</th>
            <th>Age</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(listVersions).map(([source, v]) => (
            <tr key={source} data-source={source}>
              <td title={v.title}>{source}</td>
              <td>{v.dataDate ?? '—'}</td>
              <td>{v.ageDays === null ? '—' : `${v.ageDays} days`}</td>
              <td>{!v.loaded ? 'not loaded — not screened' : v.stale ? 'stale' : 'current'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
