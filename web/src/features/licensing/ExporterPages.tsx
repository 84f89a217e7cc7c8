import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, qs } from '../../api/client';
import { Button, DataTable, EmptyState, ErrorState, FormError, Loading, PageHeader, PagedTable, RequireRole, StatusBadge, TextArea, TextField, countryName, fieldErrors, limitOffset, usePagedList } from '../../components';
import { DocumentUpload, fileProblem } from './apply/DocumentUpload';
import type { Application } from './types';
import { Correspondence } from './Correspondence';

const INDUSTRY = ['exporter', 'exporter_admin'] as const;

interface AppRow { id: string; reference: string | null; status: string; outcome: string | null; destination: string | null; submittedAt: string | null; dueDate: string | null; version: number }

export function ApplicationsPage() {
  const navigate = useNavigate();
  const list = usePagedList(['applications', 'all'], (r) =>
    api.get<{ applications: AppRow[]; total: number }>(`/api/applications${qs(limitOffset(r))}`).then((d) => ({ rows: d.applications, total: d.total })));
  return (
    <RequireRole roles={[...INDUSTRY]}>
      <PageHeader title="My applications">
        <Link className="btn btn-primary" to="/applications/new">New application</Link>
      </PageHeader>
      <Drafts />
      <h2>All applications</h2>
      <PagedTable
        list={list}
        caption="Your organisation's licence applications"
        rowKey={(r) => r.id}
        onRowClick={(r) => navigate(`/applications/${r.id}`)}
        empty={<EmptyState title="No applications yet"><Link to="/applications/new">Start one</Link></EmptyState>}
        columns={[
          { key: 'reference', header: 'Reference', render: (r) => <Link to={`/applications/${r.id}`}>{r.reference ?? 'Draft'}</Link> },
          { key: 'status', header: 'Status', render: (r) => <StatusBadge status={r.status} /> },
          { key: 'outcome', header: 'Outcome', render: (r) => (r.outcome ? <StatusBadge status={r.outcome} /> : '—') },
          { key: 'destination', header: 'Destination', render: (r) => (r.destination ? countryName(r.destination) : '—') },
          { key: 'submittedAt', header: 'Submitted', render: (r) => r.submittedAt?.slice(0, 10) ?? '—' },
          { key: 'dueDate', header: 'Target date', render: (r) => r.dueDate ?? '—' },
        ]}
      />
    </RequireRole>
  );
}

/** Drafts with Continue, Copy and Delete (Delete asks for a confirmation in the row itself). */
function Drafts() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const q = useQuery({ queryKey: ['applications', 'drafts'], queryFn: () => api.get<{ applications: AppRow[]; total: number }>('/api/applications?status=draft&limit=50') });
  const [confirming, setConfirming] = useState<string | null>(null);
  const done = () => qc.invalidateQueries({ queryKey: ['applications'] });
  const copy = useMutation({ mutationFn: (id: string) => api.post<{ id: string }>(`/api/applications/${id}/copy`), onSuccess: (d) => { void done(); navigate(`/applications/${d.id}/apply`); } });
  const remove = useMutation({ mutationFn: (id: string) => api.delete(`/api/applications/${id}`), onSuccess: () => { setConfirming(null); void done(); } });
  if (q.isLoading) return <Loading />;
  if (q.error) return <ErrorState error={q.error} />;
  const drafts = q.data!.applications;
  if (!drafts.length) return null;
  return (
    <section className="panel" aria-labelledby="drafts-h">
      <h2 id="drafts-h">Drafts ({q.data!.total})</h2>
      <FormError error={copy.error ?? remove.error} />
      <ul style={{ listStyle: 'none', padding: 0 }}>
        {drafts.map((d) => (
          <li key={d.id} style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', borderBottom: '1px solid var(--line)', padding: '6px 0' }}>
            <span style={{ flex: '1 1 200px' }}>Draft to {d.destination ? countryName(d.destination) : '(no destination yet)'}</span>
            {confirming === d.id ? (
              <span role="group" aria-label="Confirm deletion">
                Delete this draft? It cannot be undone.{' '}
                <Button variant="danger" onClick={() => remove.mutate(d.id)} disabled={remove.isPending}>Yes, delete the draft</Button>{' '}
                <Button variant="secondary" onClick={() => setConfirming(null)}>Cancel</Button>
              </span>
            ) : (
              <>
                <Link className="btn btn-secondary" to={`/applications/${d.id}/apply`} aria-label={`Edit the draft to ${d.destination ? countryName(d.destination) : 'no destination yet'}`}>Edit</Link>
                <Button variant="secondary" onClick={() => copy.mutate(d.id)} disabled={copy.isPending}>Copy</Button>
                <Button variant="danger" onClick={() => setConfirming(d.id)}>Delete</Button>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ApplicationPage() {
  const { id } = useParams();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['application', id], queryFn: () => api.get<Application>(`/api/applications/${id}`) });
  const refresh = () => qc.invalidateQueries({ queryKey: ['application', id] });
  const [reason, setReason] = useState('');
  const withdraw = useMutation({ mutationFn: () => api.post(`/api/applications/${id}/withdraw`, { reason: reason.trim() || 'Withdrawn by the exporter' }), onSuccess: refresh });
  const navigate = useNavigate();
  const copy = useMutation({ mutationFn: () => api.post<{ id: string }>(`/api/applications/${id}/copy`), onSuccess: (d) => navigate(`/applications/${d.id}/apply`) });
  const amend = useMutation({ mutationFn: () => api.post<{ id: string }>(`/api/applications/${id}/amend`), onSuccess: (d) => navigate(`/applications/${d.id}/apply`) });
  const remove = useMutation({ mutationFn: () => api.delete(`/api/applications/${id}`), onSuccess: () => navigate('/applications') });
  const [confirm, setConfirm] = useState<'delete' | 'withdraw' | 'amend' | null>(null);
  if (q.isLoading) return <Loading />;
  if (q.error) return <ErrorState error={q.error} />;
  const a = q.data!;
  const open = ['submitted', 'initial_checks', 'under_review', 'referred', 'countersigning', 'under_final_review'].includes(a.status);
  const act = { delete: () => remove.mutate(), withdraw: () => withdraw.mutate(), amend: () => amend.mutate() };
  const ask = { delete: 'Delete this draft? It cannot be undone.', withdraw: 'Withdraw this application? The authority stops considering it; this cannot be undone.', amend: 'Amend this application? A new draft version is made; when you submit it, it replaces this case.' };
  return (
    <RequireRole roles={[...INDUSTRY]}>
      <PageHeader title={`Application ${a.reference ?? '(draft)'}`}>
        {a.status === 'draft' && <Link className="btn btn-primary" to={`/applications/${a.id}/apply`}>Edit draft</Link>}
        {a.status === 'draft' && <Link className="btn btn-secondary" to={`/applications/${a.id}/check`}>Check answers and submit</Link>}
        <Button variant="secondary" onClick={() => copy.mutate()}>Copy to a new draft</Button>
        {open && <Button variant="secondary" onClick={() => setConfirm('amend')}>Amend</Button>}
        {a.status === 'draft' && <Button variant="danger" onClick={() => setConfirm('delete')}>Delete draft</Button>}
        {open && <Button variant="danger" onClick={() => setConfirm('withdraw')}>Withdraw</Button>}
      </PageHeader>
      {confirm && (
        <div className="alert alert-info" role="group" aria-label="Confirm">
          <p>{ask[confirm]}</p>
          {confirm === 'withdraw' && <TextArea label="Reason for withdrawing (optional)" value={reason} onChange={(e) => setReason(e.target.value)} rows={2} />}
          <Button variant={confirm === 'amend' ? 'primary' : 'danger'} onClick={() => { act[confirm](); setConfirm(null); }}>
            {confirm === 'delete' ? 'Yes, delete the draft' : confirm === 'withdraw' ? 'Yes, withdraw' : 'Yes, make a new version'}
          </Button>{' '}
          <Button variant="secondary" onClick={() => setConfirm(null)}>Cancel</Button>
        </div>
      )}
      <FormError error={withdraw.error ?? copy.error ?? remove.error ?? amend.error} />
      {a.status !== 'draft' && !['finalised', 'withdrawn', 'superseded', 'appeal_decided', 'under_appeal'].includes(a.status) && <p>Your application is under review.</p>}
      <p>
        Status <StatusBadge status={a.status} /> {a.outcome && <>Outcome <StatusBadge status={a.outcome} /></>}
      </p>
      {a.clock && a.clock.daysRemaining !== null && (
        <p data-testid="clock">
          Target decision date {a.clock.dueDate} ({a.clock.paused ? 'clock stopped while a question is open' : `${a.clock.daysRemaining} working days left`})
        </p>
      )}
      {a.determination && (
        <section className="panel" aria-labelledby="det-h">
          <h2 id="det-h">Determination on submission</h2>
          <p><StatusBadge status={a.determination.outcome} /> <small>{a.determination.policyVersion}</small></p>
          <ul>{a.determination.reasons.map((r, i) => <li key={i}>{r}</li>)}</ul>
        </section>
      )}
      <Questions app={a} onDone={refresh} />
      {a.status !== 'draft' && <Correspondence base={`/api/applications/${a.id}`} documents={a.documents} />}
      {a.decision && (
        <section className="panel" aria-labelledby="dec-h">
          <h2 id="dec-h">Decision</h2>
          <p><StatusBadge status={a.decision.outcome} /> on {a.decision.decidedAt?.slice(0, 10)}</p>
          {a.decision.provisos && <p><strong>Provisos:</strong> {a.decision.provisos}</p>}
          {a.decision.criteria.length > 0 && <ul>{a.decision.criteria.map((c) => <li key={c.code}>Criterion {c.code}: {c.title}</li>)}</ul>}
          {a.decision.rationale && <p>{a.decision.rationale}</p>}
          {a.outcome === 'refused' && <a href={`/api/applications/${a.id}/refusal-letter`}>Refusal letter (PDF)</a>}
        </section>
      )}
      {a.licences.length > 0 && (
        <section className="panel" aria-labelledby="lic-h">
          <h2 id="lic-h">Licences</h2>
          <ul>
            {a.licences.map((l) => (
              <li key={l.id}>
                <Link to={`/licences/${l.id}`}>{l.reference}</Link> <StatusBadge status={l.status} /> valid {l.validFrom} to {l.validTo}
                {l.onAppeal && ' (issued on appeal)'} · <a href={`/api/licences/${l.id}/pdf`}>PDF</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {a.status === 'finalised' && a.outcome === 'refused' && <AppealForm app={a} deadline={a.decision?.appealDeadline ?? null} onDone={refresh} />}
      {a.appeals.length > 0 && (
        <section className="panel" aria-labelledby="ap-h">
          <h2 id="ap-h">Appeal</h2>
          {a.appeals.map((p) => <p key={p.id}><StatusBadge status={p.status} /> lodged {p.lodgedAt.slice(0, 10)}{p.rationale ? `: ${p.rationale}` : ''}</p>)}
        </section>
      )}
      <section className="panel" aria-labelledby="goods-h">
        <h2 id="goods-h">Goods and parties</h2>
        <ul>{a.goods.map((g) => <li key={g.id}>{g.description} ({g.rating ?? 'unrated'}) — {g.quantity} {g.unit}, {g.value} {g.currency}</li>)}</ul>
        <ul>{a.parties.map((p) => <li key={p.id}>{p.role.replace(/_/g, ' ')}{p.subRole ? ` (${p.subRole.replace(/_/g, ' ')})` : ''}: {p.name}, {p.address}, {countryName(p.country)}</li>)}</ul>
        <p>Destination {countryName(a.destination)}{a.transit.length ? ` via ${a.transit.map(countryName).join(', ')}` : ''}</p>
      </section>
      <Documents app={a} onDone={refresh} />
    </RequireRole>
  );
}

function Questions({ app, onDone }: { app: Application; onDone: () => void }) {
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const answer = useMutation({ mutationFn: (qid: string) => api.post(`/api/applications/${app.id}/questions/${qid}/answer`, { answer: answers[qid] ?? '' }), onSuccess: onDone });
  if (!app.questions.length) return null;
  return (
    <section className="panel" aria-labelledby="q-h">
      <h2 id="q-h">Questions from the authority</h2>
      <FormError error={answer.error} />
      {app.questions.map((q) => (
        <div key={q.id} className="question">
          <p><strong>{q.text}</strong> <time>{q.askedAt.slice(0, 10)}</time></p>
          {q.open ? (
            <form onSubmit={(e) => { e.preventDefault(); answer.mutate(q.id); }}>
              <TextArea label="Your answer" value={answers[q.id] ?? ''} onChange={(e) => setAnswers({ ...answers, [q.id]: e.target.value })} rows={3} />
              <Button type="submit" disabled={answer.isPending}>Send answer</Button>
            </form>
          ) : (
            <p>Answer: {q.answer}</p>
          )}
        </div>
      ))}
    </section>
  );
}

/** Appeal a refusal: grounds, and evidence picked from the application's documents or uploaded here (kind appeal_evidence). */
function AppealForm({ app, deadline, onDone }: { app: Application; deadline: string | null; onDone: () => void }) {
  const [grounds, setGrounds] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [files, setFiles] = useState<File[]>([]);
  const problems = files.map(fileProblem).filter((x): x is string => Boolean(x));
  const appeal = useMutation({
    mutationFn: async () => {
      const uploaded: string[] = [];
      for (const f of files) {
        const form = new FormData();
        form.append('kind', 'appeal_evidence');
        form.append('file', f);
        uploaded.push((await api.upload<{ id: string }>(`/api/applications/${app.id}/documents`, form)).id);
      }
      return api.post(`/api/applications/${app.id}/appeal`, { grounds, documentIds: [...chosen, ...uploaded] });
    },
    onSuccess: onDone,
  });
  return (
    <section className="panel" aria-labelledby="appeal-h">
      <h2 id="appeal-h">Appeal the refusal</h2>
      {deadline && <p>You may appeal until {deadline.slice(0, 10)}. A senior officer who did not take the decision considers your appeal.</p>}
      <form onSubmit={(e) => { e.preventDefault(); if (!problems.length) appeal.mutate(); }} noValidate>
        <FormError error={appeal.error} />
        <TextArea label="Grounds of appeal" value={grounds} onChange={(e) => setGrounds(e.target.value)} rows={4} error={fieldErrors(appeal.error).grounds} />
        {app.documents.length > 0 && (
          <fieldset>
            <legend>Evidence already on the application</legend>
            {app.documents.map((d) => (
              <label key={d.id} className="check">
                <input type="checkbox" checked={chosen.includes(d.id)} onChange={(e) => setChosen(e.target.checked ? [...chosen, d.id] : chosen.filter((x) => x !== d.id))} /> {d.filename} ({d.kind.replace(/_/g, ' ')})
              </label>
            ))}
          </fieldset>
        )}
        <div className={`field${problems.length ? ' has-error' : ''}`}>
          <label htmlFor="appeal-files">New evidence files (PDF, PNG, JPEG, text or CSV, up to 10 MB each)</label>
          <input id="appeal-files" type="file" multiple accept=".pdf,.png,.jpg,.jpeg,.txt,.csv" aria-invalid={problems.length ? true : undefined} onChange={(e) => setFiles([...(e.target.files ?? [])])} />
          {problems.map((m) => <span key={m} className="field-error" role="alert">{m}</span>)}
          {files.length > 0 && !problems.length && <span className="hint">{files.map((f) => f.name).join(', ')} will be attached.</span>}
        </div>
        <Button type="submit" disabled={appeal.isPending || problems.length > 0}>{appeal.isPending ? 'Lodging…' : 'Lodge appeal'}</Button>
      </form>
    </section>
  );
}

function Documents({ app, onDone }: { app: Application; onDone: () => void }) {
  return (
    <section className="panel" aria-labelledby="docs-h">
      <h2 id="docs-h">Supporting documents</h2>
      <DocumentUpload app={app} onDone={onDone} />
    </section>
  );
}

interface Product { id: string; name: string; description: string; rating: string | null; partNumber: string | null }

export function ProductsPage() {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['products'], queryFn: () => api.get<{ products: Product[] }>('/api/products') });
  const [p, setP] = useState({ name: '', description: '', rating: '', partNumber: '' });
  const add = useMutation({
    mutationFn: () => api.post('/api/products', { name: p.name, description: p.description, rating: p.rating || null, partNumber: p.partNumber || null }),
    onSuccess: () => {
      setP({ name: '', description: '', rating: '', partNumber: '' });
      qc.invalidateQueries({ queryKey: ['products'] });
    },
  });
  const errs = fieldErrors(add.error);
  return (
    <RequireRole roles={[...INDUSTRY]}>
      <PageHeader title="Product catalogue" />
      {q.isLoading ? <Loading /> : q.error ? <ErrorState error={q.error} /> : (
        <DataTable
          caption="Your organisation's products"
          rows={q.data!.products}
          rowKey={(r) => r.id}
          empty={<EmptyState title="No products yet" />}
          columns={[
            { key: 'name', header: 'Name' },
            { key: 'rating', header: 'Rating', render: (r) => r.rating ?? 'unrated' },
            { key: 'description', header: 'Description' },
            { key: 'partNumber', header: 'Part number', render: (r) => r.partNumber ?? '' },
          ]}
        />
      )}
      <form className="panel" onSubmit={(e) => { e.preventDefault(); add.mutate(); }}>
        <h2>Add a product</h2>
        <FormError error={add.error} />
        <TextField label="Product name" value={p.name} onChange={(e) => setP({ ...p, name: e.target.value })} error={errs.name} />
        <TextArea label="Product description" value={p.description} onChange={(e) => setP({ ...p, description: e.target.value })} error={errs.description} rows={2} />
        <TextField label="Product control rating (blank if unrated)" value={p.rating} onChange={(e) => setP({ ...p, rating: e.target.value })} />
        <TextField label="Part number" value={p.partNumber} onChange={(e) => setP({ ...p, partNumber: e.target.value })} />
        <Button type="submit" disabled={add.isPending}>Add product</Button>
      </form>
    </RequireRole>
  );
}
