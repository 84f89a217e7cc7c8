import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { DataTable, EmptyState, ErrorState, Loading, PageHeader, SelectField } from '../../components';
import { ReportView } from './ReportView';
import { pct, days, type Edition, type IndicatorPoint, type Report } from './types';

/** Public statistics: pick an edition; charts, tables and downloads. */
export function StatisticsPage() {
  const params = useParams();
  const editions = useQuery({ queryKey: ['public-reports'], queryFn: () => api.get<Edition[]>('/api/public/reports') });
  const [id, setId] = useState<string | undefined>(params.id);
  useEffect(() => {
    if (!id && editions.data?.length) setId(editions.data[0]!.id);
  }, [editions.data, id]);
  const report = useQuery({ queryKey: ['public-report', id], queryFn: () => api.get<Report>(`/api/public/reports/${id}`), enabled: !!id });
  const indicators = useQuery({ queryKey: ['public-indicators'], queryFn: () => api.get<{ quarters: IndicatorPoint[] }>('/api/public/indicators') });
  return (
    <>
      <PageHeader title="Export licensing statistics" />
      <p>
        Official statistics on strategic export licence applications: what was received and decided, outcomes by destination and control category, refusal criteria,
        processing times against the statutory target, appeals. See also the <Link to="/controls">control lists</Link> and <Link to="/guidance">guidance</Link>.
      </p>
      {editions.isLoading ? (
        <Loading what="Loading editions" />
      ) : editions.error ? (
        <ErrorState error={editions.error} />
      ) : !editions.data!.length ? (
        <EmptyState title="No statistics have been published yet" />
      ) : (
        <>
          <form className="filters" onSubmit={(e) => e.preventDefault()}>
            <SelectField label="Edition" value={id ?? ''} onChange={(e) => setId(e.target.value)} options={editions.data!.map((e) => ({ value: e.id, label: e.title }))} />
          </form>
          {id && (
            <p className="downloads">
              Download: <a href={`/api/public/reports/${id}.csv`}>CSV</a> · <a href={`/api/public/reports/${id}.json`}>JSON</a> · <a href="/api/public/reports/schema.json">JSON Schema</a> · Stable link:{' '}
              <code>/api/public/reports/{id}</code>
            </p>
          )}
          {report.isLoading ? <Loading what="Loading the report" /> : report.error ? <ErrorState error={report.error} /> : report.data ? <ReportView report={report.data} /> : null}
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
      <div dangerouslySetInnerHTML={{ __html: q.data!.html }} />
      <p className="hint">
        Version {q.data!.version}, updated {q.data!.updatedAt.slice(0, 10)}.
      </p>
    </article>
  );
}
