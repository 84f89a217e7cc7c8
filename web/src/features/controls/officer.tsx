import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { useAuth } from '../../auth';
import { Button, DataTable, ErrorState, FormError, Loading, PageHeader, RequireRole, SelectField, StatusBadge, TextArea, TextField, fieldErrors, type Column } from '../../components';

const WRITERS = ['licensing_officer', 'senior_officer', 'admin'] as const;
const READERS = [...WRITERS, 'oversight'] as const;
const LISTS = [
  { value: 'eu', label: 'EU Annex I' },
  { value: 'uk', label: 'UK ratings' },
  { value: 'us', label: 'US CCL' },
  { value: 'mtcr', label: 'MTCR' },
  { value: 'nsg', label: 'NSG' },
];

interface Change { action: 'add' | 'modify' | 'remove'; code: string; parent?: string | null; title?: string; text?: string }
interface Comment { id: string; authorEmail?: string; authorName: string | null; body: string; status?: string; createdAt: string; moderationReason?: string | null }
interface Amendment {
  id: string; list: string; title: string; summary: string; status: string; changes: Change[];
  consultationOpens: string | null; consultationCloses: string | null; effectiveDate: string | null; graceUntil: string | null; sunsetDate: string | null;
  releaseId: string | null; pendingComments?: number; comments?: Comment[]; open?: boolean;
}
interface Review { list: string; code: string; title: string; nextReviewDate: string; overdue: boolean; flagged: boolean }

function useCanWrite() {
  const { me } = useAuth();
  return Boolean(me && (WRITERS as readonly string[]).includes(me.role));
}

/** Officers' dashboard: reviews due within 30 days, amendments, drafting, sunset renewal. */
export function ReviewsPage() {
  return (
    <RequireRole roles={[...READERS]}>
      <Dashboard />
    </RequireRole>
  );
}

function Dashboard() {
  const canWrite = useCanWrite();
  const due = useQuery({ queryKey: ['controls', 'reviews'], queryFn: () => api.get<{ asOf: string; reviews: Review[] }>('/api/controls/reviews/due?withinDays=30') });
  const am = useQuery({ queryKey: ['controls', 'amendments'], queryFn: () => api.get<{ amendments: Amendment[] }>('/api/controls/amendments') });
  const amCols: Column<Amendment>[] = [
    { key: 'title', header: 'Title', render: (a) => <Link to={`/controls/amendments/${a.id}`}>{a.title}</Link> },
    { key: 'list', header: 'List', render: (a) => a.list },
    { key: 'status', header: 'Status', render: (a) => <StatusBadge status={a.status} /> },
    { key: 'closes', header: 'Comments close', render: (a) => a.consultationCloses ?? '—' },
    { key: 'effective', header: 'Effective', render: (a) => a.effectiveDate ?? '—' },
    { key: 'pending', header: 'Comments to moderate', render: (a) => String(a.pendingComments ?? 0) },
  ];
  const reviewCols: Column<Review>[] = [
    { key: 'list', header: 'List', render: (r) => r.list },
    { key: 'code', header: 'Code', render: (r) => <Link to={`/controls/${r.list}/${encodeURIComponent(r.code)}`}>{r.code}</Link> },
    { key: 'title', header: 'Title', render: (r) => r.title },
    { key: 'due', header: 'Review by', render: (r) => `${r.nextReviewDate}${r.overdue ? ' (overdue)' : ''}` },
    ...(canWrite ? [{ key: 'act', header: 'Record review', render: (r: Review) => <RecordReview review={r} /> }] : []),
  ];
  return (
    <div>
      <PageHeader title="Control list reviews and amendments" />
      <section aria-label="Reviews due within 30 days" data-testid="reviews-due">
        <h2>Reviews due within 30 days</h2>
        {due.isLoading ? <Loading /> : due.error ? <ErrorState error={due.error} /> : (
          <DataTable columns={reviewCols} rows={due.data!.reviews} rowKey={(r) => `${r.list}:${r.code}`} caption={`Entries due for review by ${due.data!.asOf} + 30 days`} empty="No reviews are due in the next 30 days." />
        )}
      </section>
      <section aria-label="Amendments">
        <h2>Amendments</h2>
        {am.isLoading ? <Loading /> : am.error ? <ErrorState error={am.error} /> : (
          <DataTable columns={amCols} rows={am.data!.amendments} rowKey={(a) => a.id} caption="Amendments, newest first" empty="No amendments yet." />
        )}
      </section>
      {canWrite && <DraftAmendment />}
      {canWrite && <RenewSunset />}
    </div>
  );
}

function RecordReview({ review }: { review: Review }) {
  const qc = useQueryClient();
  const [date, setDate] = useState('');
  const m = useMutation({
    mutationFn: () => api.post('/api/controls/reviews', { list: review.list, code: review.code, nextReviewDate: date }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['controls', 'reviews'] }),
  });
  return (
    <form onSubmit={(e) => { e.preventDefault(); m.mutate(); }} aria-label={`Record review of ${review.code}`}>
      <TextField label={`Next review of ${review.code}`} type="date" value={date} onChange={(e) => setDate(e.target.value)} error={fieldErrors(m.error).nextReviewDate} required />
      <Button type="submit" variant="secondary" disabled={m.isPending}>Reviewed</Button>
      {m.error && !fieldErrors(m.error).nextReviewDate ? <FormError error={m.error} /> : null}
    </form>
  );
}

const emptyChange = (): Change => ({ action: 'modify', code: '', parent: '', title: '', text: '' });

/** Draft form: a title, a summary and one or more entry changes. */
function DraftAmendment() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [list, setList] = useState('eu');
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [changes, setChanges] = useState<Change[]>([emptyChange()]);
  const m = useMutation({
    mutationFn: () =>
      api.post<Amendment>('/api/controls/amendments', {
        list, title, summary,
        changes: changes.map((c) => {
          const out: Record<string, unknown> = { action: c.action, code: c.code.trim() };
          if (c.action === 'add' && c.parent?.trim()) out.parent = c.parent.trim();
          if (c.action !== 'remove' && c.title?.trim()) out.title = c.title.trim();
          if (c.action !== 'remove' && c.text?.trim()) out.text = c.text;
          return out;
        }),
      }),
    onSuccess: (a) => {
      qc.invalidateQueries({ queryKey: ['controls', 'amendments'] });
      navigate(`/controls/amendments/${a.id}`);
    },
  });
  const fe = fieldErrors(m.error);
  const set = (i: number, patch: Partial<Change>) => setChanges((cs) => cs.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate();
  };
  return (
    <section aria-label="Draft an amendment">
      <h2>Draft an amendment</h2>
      <form onSubmit={submit}>
        <SelectField label="Control list" value={list} options={LISTS} onChange={(e) => setList(e.target.value)} error={fe.list} />
        <TextField label="Amendment title" value={title} onChange={(e) => setTitle(e.target.value)} error={fe.title} required minLength={3} />
        <TextArea label="Summary" value={summary} onChange={(e) => setSummary(e.target.value)} error={fe.summary} />
        {changes.map((c, i) => (
          <fieldset key={i} aria-label={`Change ${i + 1}`}>
            <legend>Change {i + 1}</legend>
            <SelectField label={`Change ${i + 1} action`} value={c.action} options={[{ value: 'modify', label: 'Modify an entry' }, { value: 'add', label: 'Add an entry' }, { value: 'remove', label: 'Remove an entry' }]} onChange={(e) => set(i, { action: e.target.value as Change['action'] })} />
            <TextField label={`Change ${i + 1} code`} value={c.code} onChange={(e) => set(i, { code: e.target.value })} error={fe[`changes.${i}.code`]} required />
            {c.action === 'add' && <TextField label={`Change ${i + 1} parent`} hint="Leave empty for a top-level entry" value={c.parent ?? ''} onChange={(e) => set(i, { parent: e.target.value })} error={fe[`changes.${i}.parent`]} />}
            {c.action !== 'remove' && (
              <>
                <TextField label={`Change ${i + 1} title`} hint={c.action === 'modify' ? 'Leave empty to keep the current title' : undefined} value={c.title ?? ''} onChange={(e) => set(i, { title: e.target.value })} error={fe[`changes.${i}.title`]} />
                <TextArea label={`Change ${i + 1} text`} hint={c.action === 'modify' ? 'Leave empty to keep the current text' : undefined} rows={6} value={c.text ?? ''} onChange={(e) => set(i, { text: e.target.value })} error={fe[`changes.${i}.text`]} />
              </>
            )}
            {changes.length > 1 && <Button type="button" variant="secondary" onClick={() => setChanges((cs) => cs.filter((_, j) => j !== i))}>Remove change {i + 1}</Button>}
          </fieldset>
        ))}
        <Button type="button" variant="secondary" onClick={() => setChanges((cs) => [...cs, emptyChange()])}>Add another change</Button>{' '}
        <Button type="submit" disabled={m.isPending}>Save draft</Button>
        <FormError error={m.error} />
      </form>
    </section>
  );
}

/** Renew (or make permanent) the sunset of an entry in force. */
function RenewSunset() {
  const [list, setList] = useState('eu');
  const [code, setCode] = useState('');
  const [date, setDate] = useState('');
  const [permanent, setPermanent] = useState(false);
  const m = useMutation({ mutationFn: () => api.post<{ code: string; sunsetDate: string | null }>(`/api/controls/entries/${encodeURIComponent(code.trim())}/renew`, { list, sunsetDate: permanent ? null : date }) });
  const fe = fieldErrors(m.error);
  return (
    <section aria-label="Renew a sunset">
      <h2>Renew a sunset</h2>
      <form onSubmit={(e) => { e.preventDefault(); m.mutate(); }}>
        <SelectField label="Sunset list" value={list} options={LISTS} onChange={(e) => setList(e.target.value)} />
        <TextField label="Entry code" value={code} onChange={(e) => setCode(e.target.value)} error={fe.code} required />
        <TextField label="New sunset date" type="date" value={date} onChange={(e) => setDate(e.target.value)} error={fe.sunsetDate} disabled={permanent} required={!permanent} />
        <div className="field">
          <label><input type="checkbox" checked={permanent} onChange={(e) => setPermanent(e.target.checked)} /> Make permanent (no sunset)</label>
        </div>
        <Button type="submit" disabled={m.isPending}>Renew</Button>
        <FormError error={m.error} />
        {m.data && <p role="status">{m.data.code} renewed: {m.data.sunsetDate ? `sunset ${m.data.sunsetDate}` : 'no sunset'}.</p>}
      </form>
    </section>
  );
}

/** One amendment: its changes, consultation, comment moderation, adoption. */
export function AmendmentPage() {
  return (
    <RequireRole roles={[...READERS]}>
      <Amendment />
    </RequireRole>
  );
}

function Amendment() {
  const { id = '' } = useParams();
  const canWrite = useCanWrite();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['controls', 'amendment', id], queryFn: () => api.get<Amendment>(`/api/controls/amendments/${id}`) });
  const refresh = () => {
    qc.invalidateQueries({ queryKey: ['controls', 'amendment', id] });
    qc.invalidateQueries({ queryKey: ['controls', 'amendments'] });
  };
  const withdraw = useMutation({ mutationFn: () => api.post(`/api/controls/amendments/${id}/withdraw`), onSuccess: refresh });
  if (q.isLoading) return <Loading />;
  if (q.error) return <ErrorState error={q.error} />;
  const a = q.data!;
  return (
    <div>
      <PageHeader title={a.title}>
        <StatusBadge status={a.status} />
      </PageHeader>
      <p data-testid="amendment-status">Status: {a.status}{a.consultationCloses ? ` · comments ${a.consultationOpens} to ${a.consultationCloses}` : ''}{a.effectiveDate ? ` · effective ${a.effectiveDate}` : ''}{a.graceUntil ? ` · grace until ${a.graceUntil}` : ''}{a.sunsetDate ? ` · sunset ${a.sunsetDate}` : ''}</p>
      {a.summary && <p>{a.summary}</p>}
      <h2>Changes ({a.list})</h2>
      <ul>
        {a.changes.map((c) => (
          <li key={c.code}><strong>{c.action}</strong> {c.code}{c.title ? ` — ${c.title}` : ''}{c.text ? <pre style={{ whiteSpace: 'pre-wrap' }}>{c.text}</pre> : null}</li>
        ))}
      </ul>
      {a.status === 'consultation' && <p>Public page: <Link to={`/controls/consultations/${a.id}`}>consultation</Link></p>}
      {canWrite && a.status === 'draft' && <OpenConsultation id={id} onDone={refresh} />}
      <Comments amendment={a} canWrite={canWrite} onDone={refresh} />
      {canWrite && a.status === 'consultation' && <Adopt id={id} onDone={refresh} />}
      {canWrite && (a.status === 'draft' || a.status === 'consultation') && (
        <p><Button variant="danger" onClick={() => withdraw.mutate()} disabled={withdraw.isPending}>Withdraw amendment</Button><FormError error={withdraw.error} /></p>
      )}
      {a.status === 'adopted' && a.releaseId && <p><Link to={`/controls/diff?to=${encodeURIComponent(a.releaseId)}`}>See the changes in this release</Link></p>}
    </div>
  );
}

function OpenConsultation({ id, onDone }: { id: string; onDone: () => void }) {
  const [closesOn, setClosesOn] = useState('');
  const m = useMutation({ mutationFn: () => api.post(`/api/controls/amendments/${id}/consultation`, { closesOn }), onSuccess: onDone });
  return (
    <section aria-label="Open consultation">
      <h2>Open the public consultation</h2>
      <form onSubmit={(e) => { e.preventDefault(); m.mutate(); }}>
        <TextField label="Comments close on" type="date" value={closesOn} onChange={(e) => setClosesOn(e.target.value)} error={fieldErrors(m.error).closesOn} required />
        <Button type="submit" disabled={m.isPending}>Open consultation</Button>
        {!fieldErrors(m.error).closesOn && <FormError error={m.error} />}
      </form>
    </section>
  );
}

function Comments({ amendment, canWrite, onDone }: { amendment: Amendment; canWrite: boolean; onDone: () => void }) {
  const comments = amendment.comments ?? [];
  if (amendment.status === 'draft') return null;
  return (
    <section aria-label="Comments">
      <h2>Comments ({comments.length})</h2>
      {comments.length === 0 && <p>No comments yet.</p>}
      <ul>
        {comments.map((c) => (
          <li key={c.id} data-testid="comment">
            <p><strong>{c.authorName ?? 'Anonymous'}</strong> &lt;{c.authorEmail}&gt; · {c.createdAt.slice(0, 10)} · <StatusBadge status={c.status ?? 'pending'} /> {c.moderationReason ? `(${c.moderationReason})` : ''}</p>
            <blockquote>{c.body}</blockquote>
            {canWrite && c.status === 'pending' && <Moderate comment={c} onDone={onDone} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Moderate({ comment, onDone }: { comment: Comment; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const m = useMutation({ mutationFn: (decision: 'approve' | 'reject') => api.post(`/api/controls/comments/${comment.id}/moderate`, { decision, reason: reason.trim() || undefined }), onSuccess: onDone });
  return (
    <form onSubmit={(e) => e.preventDefault()} aria-label="Moderate comment">
      <TextField label="Moderation reason" hint="Required to reject" value={reason} onChange={(e) => setReason(e.target.value)} error={fieldErrors(m.error).reason} />
      <Button type="button" onClick={() => m.mutate('approve')} disabled={m.isPending}>Approve</Button>{' '}
      <Button type="button" variant="danger" onClick={() => m.mutate('reject')} disabled={m.isPending}>Reject</Button>
      {!fieldErrors(m.error).reason && <FormError error={m.error} />}
    </form>
  );
}

function Adopt({ id, onDone }: { id: string; onDone: () => void }) {
  const [effectiveDate, setEffective] = useState('');
  const [graceUntil, setGrace] = useState('');
  const [sunsetDate, setSunset] = useState('');
  const m = useMutation({ mutationFn: () => api.post(`/api/controls/amendments/${id}/adopt`, { effectiveDate, graceUntil: graceUntil || null, sunsetDate: sunsetDate || null }), onSuccess: onDone });
  const fe = fieldErrors(m.error);
  return (
    <section aria-label="Adopt">
      <h2>Adopt</h2>
      <form onSubmit={(e) => { e.preventDefault(); m.mutate(); }}>
        <TextField label="Effective date" type="date" value={effectiveDate} onChange={(e) => setEffective(e.target.value)} error={fe.effectiveDate} required />
        <TextField label="Grace period ends" hint="Optional: transactions contracted before the effective date may use the old rule until then" type="date" value={graceUntil} onChange={(e) => setGrace(e.target.value)} error={fe.graceUntil} />
        <TextField label="Sunset date" hint="Optional: the amended entries lapse on this date unless renewed" type="date" value={sunsetDate} onChange={(e) => setSunset(e.target.value)} error={fe.sunsetDate} />
        <Button type="submit" disabled={m.isPending}>Adopt amendment</Button>
        {Object.keys(fe).length === 0 && <FormError error={m.error} />}
      </form>
    </section>
  );
}

/** Public: open consultations. */
export function ConsultationsPage() {
  const q = useQuery({ queryKey: ['controls', 'consultations'], queryFn: () => api.get<{ consultations: Amendment[] }>('/api/controls/consultations') });
  return (
    <div>
      <PageHeader title="Control list consultations" />
      {q.isLoading ? <Loading /> : q.error ? <ErrorState error={q.error} /> : q.data!.consultations.length === 0 ? <p>No consultation is open.</p> : (
        <ul>{q.data!.consultations.map((c) => <li key={c.id}><Link to={`/controls/consultations/${c.id}`}>{c.title}</Link> ({c.list}) — comments until {c.consultationCloses}</li>)}</ul>
      )}
    </div>
  );
}

/** Public: one consultation with its published comments and a comment form. */
export function ConsultationPage() {
  const { id = '' } = useParams();
  const { me } = useAuth();
  const q = useQuery({ queryKey: ['controls', 'consultation', id], queryFn: () => api.get<Amendment>(`/api/controls/consultations/${id}`) });
  const [body, setBody] = useState('');
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const m = useMutation({ mutationFn: () => api.post<{ id: string; status: string }>(`/api/controls/consultations/${id}/comments`, { body, ...(me ? {} : { email }), name: name || undefined }) });
  if (q.isLoading) return <Loading />;
  if (q.error) return <ErrorState error={q.error} />;
  const c = q.data!;
  const fe = fieldErrors(m.error);
  return (
    <div>
      <PageHeader title={`Consultation: ${c.title}`} />
      <p>List {c.list} · comments {c.consultationOpens} to {c.consultationCloses}</p>
      {c.summary && <p>{c.summary}</p>}
      <ul>{c.changes.map((x) => <li key={x.code}><strong>{x.action}</strong> <Link to={`/controls/${c.list}/${encodeURIComponent(x.code)}`}>{x.code}</Link>{x.title ? ` — ${x.title}` : ''}</li>)}</ul>
      <h2>Published comments</h2>
      {(c.comments ?? []).length === 0 ? <p>No published comments.</p> : <ul>{c.comments!.map((x) => <li key={x.id}><strong>{x.authorName}</strong>: {x.body}</li>)}</ul>}
      {c.open && (
        <section aria-label="Comment">
          <h2>Comment</h2>
          {m.data ? <p role="status">Thank you: your comment was received and will be published after moderation.</p> : (
            <form onSubmit={(e) => { e.preventDefault(); m.mutate(); }}>
              <TextArea label="Your comment" value={body} onChange={(e) => setBody(e.target.value)} error={fe.body} required minLength={3} rows={5} />
              {!me && <TextField label="Your email" type="email" hint="Required; never published" value={email} onChange={(e) => setEmail(e.target.value)} error={fe.email} required />}
              <TextField label="Name to publish (optional)" value={name} onChange={(e) => setName(e.target.value)} error={fe.name} />
              <Button type="submit" disabled={m.isPending}>Submit comment</Button>
              {!fe.email && !fe.body && <FormError error={m.error} />}
            </form>
          )}
        </section>
      )}
    </div>
  );
}

