import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, qs } from '../../api/client';
import { hasRole, useAuth } from '../../auth';
import { Button, DataTable, ErrorState, FormError, Loading, PageHeader, RequireRole, StatusBadge, TextArea, TextField, fieldErrors } from '../../components';
import { ReportView } from './ReportView';
import { days, pct, type IndicatorPoint, type Report } from './types';

const READERS = ['admin', 'licensing_officer', 'senior_officer', 'oversight'] as const;

/** Officers and oversight: full (unsuppressed) reports with drill-down; seniors publish editions. */
export function OfficerStatsPage() {
  const { me } = useAuth();
  const qc = useQueryClient();
  const lastYear = String(new Date().getUTCFullYear() - 1);
  const [id, setId] = useState(lastYear);
  const [shown, setShown] = useState(lastYear);
  const list = useQuery({ queryKey: ['stats-reports'], queryFn: () => api.get<{ editions: { id: string; title: string; revision: number; publishedAt: string }[] }>('/api/stats/reports') });
  const report = useQuery({ queryKey: ['stats-report', shown], queryFn: () => api.get<Report>(`/api/stats/reports/${shown}?live=true`), enabled: /^\d{4}(-Q[1-4])?$/.test(shown) });
  const indicators = useQuery({ queryKey: ['stats-indicators'], queryFn: () => api.get<{ quarters: IndicatorPoint[] }>('/api/stats/indicators') });
  const publish = useMutation({
    mutationFn: () => api.post<{ revision: number }>(`/api/stats/reports/${shown}/publish`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['stats-reports'] }),
  });
  return (
    <RequireRole roles={[...READERS]}>
      <PageHeader title="Statistics (full figures)">
        {hasRole(me, ['admin', 'senior_officer']) && (
          <Button onClick={() => publish.mutate()} disabled={publish.isPending}>
            Publish {shown}
          </Button>
        )}
      </PageHeader>
      <p>Figures here are not suppressed. Follow a number to the cases behind it.</p>
      <FormError error={publish.error} />
      {publish.data && <p role="status">Published {shown}, revision {publish.data.revision}.</p>}
      <form className="filters" onSubmit={(e) => (e.preventDefault(), setShown(id))}>
        <TextField label="Period (2025 or 2025-Q1)" value={id} onChange={(e) => setId(e.target.value)} />
        <Button type="submit" variant="secondary">
          Show
        </Button>
      </form>
      {list.data && (
        <p className="hint">
          Published: {list.data.editions.map((e) => `${e.id} (rev. ${e.revision})`).join(', ') || 'none yet'}
        </p>
      )}
      {report.isLoading ? <Loading /> : report.error ? <ErrorState error={report.error} /> : report.data ? <ReportView report={report.data} drill={(f) => `/stats/${shown}/cases${qs(f)}`} /> : null}
      <section className="panel">
        <h2>Impact indicators</h2>
        {indicators.data ? (
          <DataTable
            rowKey={(r) => r.quarter}
            rows={indicators.data.quarters}
            columns={[
              { key: 'quarter', header: 'Quarter' },
              { key: 'decided', header: 'Decided' },
              { key: 'medianProcessingDays', header: 'Median', render: (r) => days(r.medianProcessingDays) },
              { key: 'withinTargetShare', header: 'Within target', render: (r) => pct(r.withinTargetShare) },
              { key: 'refusalRate', header: 'Refusal rate', render: (r) => pct(r.refusalRate) },
              { key: 'appealOverturnRate', header: 'Appeals overturned', render: (r) => pct(r.appealOverturnRate) },
              { key: 'humanitarianMedianDays', header: 'Humanitarian median', render: (r) => days(r.humanitarianMedianDays) },
              { key: 'otherMedianDays', header: 'Others median', render: (r) => days(r.otherMedianDays) },
              { key: 'generalLicenceValueShare', header: 'Value under general licences', render: (r) => pct(r.generalLicenceValueShare) },
            ]}
          />
        ) : indicators.error ? (
          <ErrorState error={indicators.error} />
        ) : (
          <Loading />
        )}
      </section>
    </RequireRole>
  );
}

interface DrillCase { caseId: string; reference: string | null; caseType: string; destinationName: string; outcome: string; decidedAt: string; processingDays: number | null; targetDays: number | null }

export function DrillDownPage() {
  const { id } = useParams();
  const [search] = useSearchParams();
  const filters = Object.fromEntries(search.entries());
  const q = useQuery({ queryKey: ['drill', id, filters], queryFn: () => api.get<{ total: number; cases: DrillCase[] }>(`/api/stats/reports/${id}/cases${qs({ ...filters, limit: 500 })}`) });
  return (
    <RequireRole roles={[...READERS]}>
      <PageHeader title={`Cases behind the figure: ${id}`} />
      <p>
        Filter: {Object.entries(filters).map(([k, v]) => `${k} = ${v}`).join(', ') || 'all decided cases'} · <Link to="/stats">back to statistics</Link>
      </p>
      {q.isLoading ? <Loading /> : q.error ? <ErrorState error={q.error} /> : (
        <DataTable
          caption={`${q.data!.total} case(s)`}
          rowKey={(r) => r.caseId}
          rows={q.data!.cases}
          columns={[
            { key: 'reference', header: 'Reference', render: (r) => <Link to={`/cases/${r.caseId}`}>{r.reference ?? r.caseId}</Link> },
            { key: 'destinationName', header: 'Destination' },
            { key: 'outcome', header: 'Outcome', render: (r) => <StatusBadge status={r.outcome} /> },
            { key: 'decidedAt', header: 'Decided', render: (r) => r.decidedAt.slice(0, 10) },
            { key: 'processingDays', header: 'Working days', render: (r) => `${r.processingDays ?? '—'}${r.targetDays ? ` / ${r.targetDays}` : ''}` },
          ]}
        />
      )}
    </RequireRole>
  );
}

interface PageRow { slug: string; title: string; kind: string; publishedVersion: number | null; latestVersion: number; updatedAt: string }

/** Officers write and version guidance pages (markdown). */
export function GuidanceAdminPage() {
  const qc = useQueryClient();
  const pages = useQuery({ queryKey: ['guidance-admin'], queryFn: () => api.get<{ pages: PageRow[] }>('/api/guidance') });
  const [form, setForm] = useState({ slug: '', title: '', markdown: '', changeNote: '' });
  const [editing, setEditing] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (publish: boolean) =>
      editing
        ? api.put(`/api/guidance/${editing}`, { title: form.title, markdown: form.markdown, changeNote: form.changeNote || undefined, publish })
        : api.post('/api/guidance', { slug: form.slug, title: form.title, markdown: form.markdown, changeNote: form.changeNote || undefined, publish }),
    onSuccess: () => {
      setForm({ slug: '', title: '', markdown: '', changeNote: '' });
      setEditing(null);
      qc.invalidateQueries({ queryKey: ['guidance-admin'] });
    },
  });
  const edit = async (slug: string) => {
    const v = await api.get<{ versions: { title: string; markdown: string }[] }>(`/api/guidance/${slug}/versions`);
    setEditing(slug);
    setForm({ slug, title: v.versions[0]!.title, markdown: v.versions[0]!.markdown, changeNote: '' });
  };
  const fe = fieldErrors(save.error);
  return (
    <RequireRole roles={['admin', 'licensing_officer', 'senior_officer', 'oversight']}>
      <PageHeader title="Guidance pages" />
      {pages.isLoading ? <Loading /> : pages.error ? <ErrorState error={pages.error} /> : (
        <DataTable
          rowKey={(r) => r.slug}
          rows={pages.data!.pages}
          columns={[
            { key: 'title', header: 'Title', render: (r) => <Link to={`/guidance/${r.slug}`}>{r.title}</Link> },
            { key: 'publishedVersion', header: 'Published version', render: (r) => r.publishedVersion ?? 'draft' },
            { key: 'latestVersion', header: 'Latest version' },
            { key: 'updatedAt', header: 'Updated', render: (r) => r.updatedAt.slice(0, 10) },
            { key: 'edit', header: '', sortable: false, render: (r) => <Button variant="secondary" onClick={() => edit(r.slug)}>Edit</Button> },
          ]}
        />
      )}
      <section className="panel">
        <h2>{editing ? `New version of ${editing}` : 'New page'}</h2>
        <form onSubmit={(e) => (e.preventDefault(), save.mutate(true))} noValidate>
          <FormError error={save.error} />
          {!editing && <TextField label="Address (slug)" hint="lower-case words joined by hyphens" value={form.slug} error={fe.slug} onChange={(e) => setForm({ ...form, slug: e.target.value })} />}
          <TextField label="Title" value={form.title} error={fe.title} onChange={(e) => setForm({ ...form, title: e.target.value })} />
          <TextArea label="Text (markdown; HTML is shown as text)" rows={12} value={form.markdown} error={fe.markdown} onChange={(e) => setForm({ ...form, markdown: e.target.value })} />
          <TextField label="Change note" value={form.changeNote} onChange={(e) => setForm({ ...form, changeNote: e.target.value })} />
          <Button type="submit" disabled={save.isPending}>
            Save and publish
          </Button>{' '}
          <Button type="button" variant="secondary" disabled={save.isPending} onClick={() => save.mutate(false)}>
            Save as draft
          </Button>
        </form>
      </section>
    </RequireRole>
  );
}

interface Observation { id: string; caseId: string; caseReference: string | null; author: string; text: string; createdAt: string }

/** Oversight records observations on cases; senior officers and admins read them. */
export function ObservationsPage() {
  const { me } = useAuth();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['observations'], queryFn: () => api.get<{ observations: Observation[] }>('/api/oversight/observations?limit=200') });
  const [form, setForm] = useState({ caseId: '', text: '' });
  const add = useMutation({
    mutationFn: () => api.post('/api/oversight/observations', form),
    onSuccess: () => {
      setForm({ caseId: '', text: '' });
      qc.invalidateQueries({ queryKey: ['observations'] });
    },
  });
  const fe = fieldErrors(add.error);
  return (
    <RequireRole roles={['admin', 'senior_officer', 'oversight']}>
      <PageHeader title="Oversight observations" />
      {hasRole(me, ['oversight']) && (
        <section className="panel">
          <h2>Record an observation</h2>
          <form onSubmit={(e) => (e.preventDefault(), add.mutate())} noValidate>
            <FormError error={add.error} />
            <TextField label="Case reference or id" value={form.caseId} error={fe.caseId} onChange={(e) => setForm({ ...form, caseId: e.target.value })} />
            <TextArea label="Observation" rows={4} value={form.text} error={fe.text} onChange={(e) => setForm({ ...form, text: e.target.value })} />
            <Button type="submit" disabled={add.isPending}>
              Record observation
            </Button>
          </form>
        </section>
      )}
      {list.isLoading ? <Loading /> : list.error ? <ErrorState error={list.error} /> : (
        <DataTable
          rowKey={(r) => r.id}
          rows={list.data!.observations}
          columns={[
            { key: 'createdAt', header: 'When', render: (r) => r.createdAt.slice(0, 16).replace('T', ' ') },
            { key: 'caseReference', header: 'Case', render: (r) => <Link to={`/cases/${r.caseId}`}>{r.caseReference ?? r.caseId}</Link> },
            { key: 'author', header: 'By' },
            { key: 'text', header: 'Observation', sortable: false },
          ]}
        />
      )}
    </RequireRole>
  );
}
