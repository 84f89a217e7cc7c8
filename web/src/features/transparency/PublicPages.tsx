import { useEffect } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { DataTable, EmptyState, ErrorState, Loading, PageHeader, SelectField, TextField } from '../../components';
import { ReportView, type ReportFilters } from './ReportView';
import { pct, days, type Edition, type IndicatorPoint, type Report } from './types';

/** Public statistics: pick an edition (in the path) and filters (in the query string), so a link shows the same view. */
export function StatisticsPage() {
  const params = useParams();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const editions = useQuery({ queryKey: ['public-reports'], queryFn: () => api.get<Edition[]>('/api/public/reports') });
  const id = params.id ?? editions.data?.[0]?.id;
  useEffect(() => {
    // Put the default edition in the address so the page can be linked and refreshed as shown.
    if (!params.id && id) navigate(`/transparency/${id}${search.size ? `?${search}` : ''}`, { replace: true });
  }, [params.id, id, navigate, search]);
  const report = useQuery({ queryKey: ['public-report', id], queryFn: () => api.get<Report>(`/api/public/reports/${id}`), enabled: !!id });
  const indicators = useQuery({ queryKey: ['public-indicators'], queryFn: () => api.get<{ quarters: IndicatorPoint[] }>('/api/public/indicators') });
  const filters: ReportFilters = { destination: search.get('destination') ?? '', outcome: search.get('outcome') ?? '' };
  const setFilter = (k: keyof ReportFilters) => (e: { target: { value: string } }) =>
    setSearch(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (e.target.value) next.set(k, e.target.value);
        else next.delete(k);
        return next;
      },
      { replace: true },
    );
  const outcomes = report.data ? [...new Set(report.data.outcomes.map((o) => o.outcome))].sort() : [];
  return (
    <>
      <PageHeader title="Export licensing statistics" />
      <p>
        Official statistics on strategic export licence applications: what was received and decided, outcomes by destination and control category, refusal criteria,
        processing times against the statutory target, appeals. See also the <Link to="/controls">control lists</Link> and <Link to="/guidance">guidance</Link>.
      </p>
      {editions.isPending ? (
        <Loading what="Loading editions" />
      ) : editions.error ? (
        <ErrorState error={editions.error} />
      ) : !editions.data.length ? (
        <EmptyState title="No statistics have been published yet" />
      ) : (
        <>
          <form className="filters" onSubmit={(e) => e.preventDefault()}>
            <SelectField
              label="Edition"
              value={id ?? ''}
              onChange={(e) => navigate(`/transparency/${e.target.value}${search.size ? `?${search}` : ''}`)}
              options={editions.data.map((e) => ({ value: e.id, label: e.title }))}
            />
            <TextField label="Destination" type="search" value={filters.destination} onChange={setFilter('destination')} />
            <SelectField label="Outcome" value={filters.outcome} onChange={setFilter('outcome')} options={[{ value: '', label: 'All outcomes' }, ...outcomes.map((o) => ({ value: o, label: o.replace(/_/g, ' ') }))]} />
          </form>
          {id && (
            <p className="downloads">
              Download: <a href={`/api/public/reports/${id}.csv`}>CSV</a> · <a href={`/api/public/reports/${id}.json`}>JSON</a> · <a href="/api/public/reports/schema.json">JSON Schema</a> · Stable link:{' '}
              <code>/api/public/reports/{id}</code>
            </p>
          )}
          {report.isLoading ? <Loading what="Loading the report" /> : report.error ? <ErrorState error={report.error} /> : report.data ? <ReportView report={report.data} filters={filters} /> : null}
        </>
      )}
      <section className="panel">
        <h2>Impact indicators by quarter</h2>
        {indicators.data ? (
          <DataTable
            rowKey={(r) => r.quarter}
            rows={indicators.data.quarters}
            empty={<p>No decisions yet.</p>}
            columns={[
              { key: 'quarter', header: 'Quarter' },
              { key: 'decided', header: 'Decided' },
              { key: 'medianProcessingDays', header: 'Median processing time', render: (r) => days(r.medianProcessingDays) },
              { key: 'withinTargetShare', header: 'Within target', render: (r) => pct(r.withinTargetShare) },
              { key: 'refusalRate', header: 'Refusal rate', render: (r) => pct(r.refusalRate) },
              { key: 'appealOverturnRate', header: 'Appeals overturned', render: (r) => pct(r.appealOverturnRate) },
            ]}
          />
        ) : indicators.error ? (
          <ErrorState error={indicators.error} />
        ) : (
          <Loading />
        )}
      </section>
    </>
  );
}

interface GuidanceItem { slug: string; title: string; kind: string; version: number; updatedAt: string }

export function GuidanceListPage() {
  const q = useQuery({ queryKey: ['public-guidance'], queryFn: () => api.get<{ pages: GuidanceItem[] }>('/api/public/guidance') });
  return (
    <>
      <PageHeader title="Guidance" />
      {q.isLoading ? <Loading /> : q.error ? <ErrorState error={q.error} /> : (
        <ul className="link-list">
          {q.data!.pages.map((p) => (
            <li key={p.slug}>
              <Link to={`/guidance/${p.slug}`}>{p.title}</Link> <span className="hint">updated {p.updatedAt.slice(0, 10)}</span>
            </li>
          ))}
          <li>
            <Link to="/controls">Control lists</Link>
          </li>
          <li>
            <Link to="/transparency">Licensing statistics</Link>
          </li>
        </ul>
      )}
    </>
  );
}

export function GuidancePage({ slug: fixed }: { slug?: string }) {
  const params = useParams();
  const slug = fixed ?? params.slug!;
  const q = useQuery({ queryKey: ['public-guidance', slug], queryFn: () => api.get<{ title: string; html: string; version: number; updatedAt: string }>(`/api/public/guidance/${slug}`) });
  if (q.isLoading) return <Loading />;
  if (q.error) return <ErrorState error={q.error} />;
  return (
    <article className="guidance">
      {/* The server renders markdown with raw HTML escaped and unsafe links removed. */}
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: server-rendered, escaped guidance markdown (see transparency guidance service). */}
      <div dangerouslySetInnerHTML={{ __html: q.data!.html }} />
      <p className="hint">
        Version {q.data!.version}, updated {q.data!.updatedAt.slice(0, 10)}.
      </p>
    </article>
  );
}
