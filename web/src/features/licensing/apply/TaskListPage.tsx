import { useState, type ReactNode } from 'react';
import { Link, Navigate, useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../../../api/client';
import { Button, ErrorState, FormError, Loading, PageHeader, RequireRole } from '../../../components';
import type { Application } from '../types';
import { SECTIONS, sectionPath, sectionState, sectionTitle, type SectionKey, type SectionState } from './sections';
import { useDraft } from './useDraft';

const INDUSTRY = ['exporter', 'exporter_admin'] as const;
const newKey = () => (typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : String(Math.random()).slice(2));
const BADGE: Record<SectionState, string> = { Completed: 'badge-good', 'In progress': 'badge-warn', 'Not started': 'badge-neutral', Optional: 'badge-info' };

/** /applications/new: what the application asks for, and a button that starts a draft (nothing is created by just visiting). */
export function StartApplicationPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [key] = useState(newKey);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const draft = params.get('draft');
  if (draft) return <Navigate to={`/applications/${draft}/apply`} replace />;
  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const d = await api.post<{ id: string }>('/api/applications', {}, { 'idempotency-key': `start-${key}` });
      navigate(`/applications/${d.id}/apply`);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <RequireRole roles={[...INDUSTRY]}>
      <PageHeader title="Apply for an export licence" />
      <div className="panel">
        <FormError error={error} />
        <p>You answer six sections, in any order. Each is saved as a draft when you press “Save and continue”, so you can stop and come back from My applications.</p>
        <ol>{SECTIONS.map((s) => <li key={s.key}><strong>{s.title}</strong>: {s.hint}</li>)}</ol>
        <p>Before you submit you check your answers on one page; anything missing is listed there with a link to the section.</p>
        <Button onClick={() => void start()} disabled={busy}>Start application</Button>
      </div>
    </RequireRole>
  );
}

/** Wraps a draft page: loads the draft, and refuses to edit one that was submitted. */
export function DraftFrame(props: { id: string; title: string; children: (a: Application) => ReactNode }) {
  // The role check comes before any request, so other roles get the "not for your role" page and no failed request.
  return (
    <RequireRole roles={[...INDUSTRY]}>
      <DraftLoaded {...props} />
    </RequireRole>
  );
}

function DraftLoaded({ id, title, children }: { id: string; title: string; children: (a: Application) => ReactNode }) {
  const { query } = useDraft(id);
  if (query.isLoading) return <Loading />;
  if (query.error) return <ErrorState error={query.error} />;
  const a = query.data!;
  return (
    <>
      <p><Link to={`/applications/${id}/apply`}>← Back to the application sections</Link></p>
      <PageHeader title={title} />
      {a.status === 'draft' ? children(a) : (
        <p className="alert alert-info">This application was submitted ({a.reference}) and can no longer be edited here. <Link to={`/applications/${id}`}>Open the application</Link>; to change it, amend it from there.</p>
      )}
    </>
  );
}

export function TaskListPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const saved = params.get('saved') as SectionKey | null;
  return (
    <DraftFrame id={id} title="Your application">
      {(a) => {
        const states = SECTIONS.map((s) => ({ ...s, state: sectionState(a, s.key) }));
        const done = states.filter((s) => s.state === 'Completed' || s.state === 'Optional').length;
        return (
          <>
            {saved && SECTIONS.some((s) => s.key === saved) && <p className="alert alert-ok" role="status">{sectionTitle(saved)} saved.</p>}
            <p>You have completed {done} of {SECTIONS.length} sections. Your answers are kept as a draft.</p>
            <ol className="task-list" aria-label="Application sections" style={{ listStyle: 'none', padding: 0 }}>
              {states.map((s, i) => (
                <li key={s.key} style={{ display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', gap: 8, borderBottom: '1px solid var(--line)', padding: '10px 0' }}>
                  <span>
                    {i + 1}. <Link to={sectionPath(a.id, s.key)} aria-describedby={`state-${s.key}`}>{s.title}</Link>
                    <br /><span className="hint">{s.hint}</span>
                  </span>
                  <span id={`state-${s.key}`} className={`badge ${BADGE[s.state]}`} data-testid={`state-${s.key}`}>{s.state}</span>
                </li>
              ))}
            </ol>
            <p>
              <Link className="btn btn-primary" to={`/applications/${a.id}/check`}>Check your answers and submit</Link>{' '}
              <Link to="/applications">Save and come back later</Link>
            </p>
          </>
        );
      }}
    </DraftFrame>
  );
}
