import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, qs } from '../../api/client';
import { Button, CountrySelect, DataTable, ErrorState, FormError, Loading, PageHeader, PagedTable, RequireRole, SelectField, Stat, StatusBadge, TextArea, TextField, countryName, fieldErrors, limitOffset, usePagedList } from '../../components';
import { useAuth } from '../../auth';
import { Allocation, Blockers, NotesAndTimeline, ScreeningPanel } from './CaseWork';
import { Correspondence } from './Correspondence';
import type { CaseDetail, CaseRow } from './types';

const QUEUE_ROLES = ['admin', 'licensing_officer', 'senior_officer', 'oversight', 'adviser'] as const;
const OFFICERS = ['licensing_officer', 'senior_officer'];
const STATUS_OPTIONS = ['', 'initial_checks', 'under_review', 'referred', 'countersigning', 'under_final_review', 'finalised', 'under_appeal', 'appeal_decided', 'withdrawn'];

export function CasesPage() {
  const [queue, setQueue] = useState('');
  const [status, setStatus] = useState('');
  const [destination, setDestination] = useState('');
  const [mine, setMine] = useState(false);
  const navigate = useNavigate();
  // Server-side search (reference, exporter, party, control entry), filters, paging and the total.
  const list = usePagedList(['cases', queue, status, destination, mine], (r) =>
    api
      .get<{ cases: CaseRow[]; total: number }>(`/api/cases${qs({ q: r.q, queue, status, destination: /^[A-Za-z]{2}$/.test(destination) ? destination : '', assignedTo: mine ? 'me' : '', ...limitOffset(r) })}`)
      .then((d) => ({ rows: d.cases, total: d.total })),
  );
  const q = list.query;
  const rules = useQuery({ queryKey: ['routing-rules'], queryFn: () => api.get<{ rules: { queue: string }[] }>('/api/licensing/routing-rules') });
  const queues = [...new Set((rules.data?.rules ?? []).map((r) => r.queue))];
  const rows = q.data?.rows ?? [];
  const { me } = useAuth();
  const summary = useQuery({
    queryKey: ['cases-summary'],
    enabled: !!me && me.role !== 'adviser',
    queryFn: () => api.get<{ queues: { queue: string; open: number; overdue: number; dueSoon: number }[] }>('/api/cases/summary'),
  });
  return (
    <RequireRole roles={[...QUEUE_ROLES]}>
      <PageHeader title="Case queues" />
      {summary.data && summary.data.queues.length > 0 && (
        <DataTable
          caption="Open cases by queue and days remaining"
          rows={summary.data.queues}
          rowKey={(r) => r.queue}
          columns={[
            { key: 'queue', header: 'Queue', render: (r) => <button type="button" className="link-button" onClick={() => setQueue(r.queue)}>{r.queue}</button> },
            { key: 'open', header: 'Open' },
            { key: 'dueSoon', header: 'Due within 5 working days' },
            { key: 'overdue', header: 'Overdue' },
          ]}
        />
      )}
      <div className="filters">
        <SelectField label="Queue" value={queue} onChange={(e) => setQueue(e.target.value)} options={[{ value: '', label: 'All queues' }, ...queues.map((x) => ({ value: x, label: x }))]} />
        <SelectField label="Status" value={status} onChange={(e) => setStatus(e.target.value)} options={STATUS_OPTIONS.map((s) => ({ value: s, label: s ? s.replace(/_/g, ' ') : 'Open cases' }))} />
        <CountrySelect label="Destination" value={destination} onChange={setDestination} />
        <label className="check"><input type="checkbox" checked={mine} onChange={(e) => setMine(e.target.checked)} /> My cases only</label>
      </div>
      <div className="stats">
        <Stat label="cases found" value={q.data?.total ?? 0} />
        <Stat label="overdue" value={rows.filter((r) => r.overdue || (r.daysRemaining ?? 0) < 0).length} />
        <Stat label="due within 5 working days" value={rows.filter((r) => r.daysRemaining !== null && r.daysRemaining >= 0 && r.daysRemaining <= 5).length} />
      </div>
      {q.error ? <ErrorState error={q.error} /> : (
        <PagedTable
          caption="Cases, most urgent first"
          list={list}
          searchLabel="Search cases (reference, exporter, party, control entry)"
          rowKey={(r) => r.id}
          onRowClick={(r) => navigate(`/cases/${r.id}`)}
          columns={[
            { key: 'reference', header: 'Reference', render: (r) => <Link to={`/cases/${r.id}`}>{r.reference}</Link> },
            { key: 'organisation', header: 'Exporter' },
            { key: 'destination', header: 'Destination', render: (r) => (r.destination ? countryName(r.destination) : '—') },
            { key: 'ratings', header: 'Ratings', render: (r) => r.ratings.join(', ') || 'unrated', sortable: false },
            { key: 'queue', header: 'Queue' },
            { key: 'status', header: 'Status', render: (r) => <StatusBadge status={r.status} /> },
            { key: 'riskTier', header: 'Risk' },
            { key: 'daysRemaining', header: 'Working days left', render: (r) => (r.daysRemaining === null ? '—' : r.clockPaused ? `${r.daysRemaining} (paused)` : r.daysRemaining < 0 ? <StatusBadge status="overdue" label={`${r.daysRemaining} (overdue)`} /> : String(r.daysRemaining)) },
            { key: 'dueDate', header: 'Due' },
          ]}
        />
      )}
    </RequireRole>
  );
}

export function CasePage() {
  const { id } = useParams();
  const { me } = useAuth();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['case', id], queryFn: () => api.get<CaseDetail>(`/api/cases/${id}`) });
  const refresh = () => qc.invalidateQueries({ queryKey: ['case', id] });
  if (q.isLoading) return <Loading />;
  if (q.error) return <ErrorState error={q.error} />;
  const c = q.data!;
  const officer = !!me && OFFICERS.includes(me.role);
  const open = ['initial_checks', 'under_review', 'referred', 'countersigning', 'under_final_review'].includes(c.status);
  return (
    <RequireRole roles={[...QUEUE_ROLES]}>
      <PageHeader title={`Case ${c.reference}`} />
      <p>
        <StatusBadge status={c.status} /> {c.outcome && <StatusBadge status={c.outcome} />} Queue <strong>{c.queue}</strong> · risk {c.riskTier} · {c.organisation?.name} · destination {c.destination}
      </p>
      {c.clock && (
        <p data-testid="case-clock">
          Due {c.clock.dueDate} · {c.clock.paused ? 'clock stopped (question open)' : c.clock.daysRemaining === null ? 'clock stopped' : `${c.clock.daysRemaining} working days left`}
        </p>
      )}
      {officer && open && me && <Allocation caseId={c.id} assignedTo={c.assignedTo} meId={me.id} onDone={refresh} />}
      <Blockers c={c} />
      <ScreeningPanel caseId={c.id} officer={officer && open} onDone={refresh} />
      <section className="panel" aria-labelledby="flags-h">
        <h2 id="flags-h">Flags</h2>
        {c.flags.length ? <Flags c={c} officer={officer} onDone={refresh} /> : <p>No flags.</p>}
      </section>
      <section className="panel" aria-labelledby="goods-h">
        <h2 id="goods-h">Goods, parties and determination</h2>
        <ul>{c.goods.map((g) => <li key={g.id}>{g.description} ({g.rating ?? 'unrated'}) — {g.quantity} {g.unit}, {g.value} {g.currency}</li>)}</ul>
        <ul>{c.parties.map((p) => <li key={p.id}>{p.role.replace(/_/g, ' ')}{p.subRole ? ` (${p.subRole})` : ''}: {p.name}, {p.address}, {p.country}</li>)}</ul>
        <p>End use: {c.endUse}</p>
        {c.determination && <p>Determination: <StatusBadge status={c.determination.outcome} /> ({c.determination.policyVersion}) — {c.determination.reasons.join(' ')}</p>}
        <ul>{c.documents.map((d) => <li key={d.id}><a href={`/api/applications/${c.id}/documents/${d.id}`}>{d.filename}</a> ({d.kind.replace(/_/g, ' ')})</li>)}</ul>
      </section>
      {c.denialMatches.length > 0 && <DenialMatches c={c} officer={officer} onDone={refresh} />}
      <section className="panel" aria-labelledby="prec-h">
        <h2 id="prec-h">Precedents (same rating and destination)</h2>
        {c.precedents.length ? (
          <ul>{c.precedents.map((p) => <li key={p.id}>{p.reference} <StatusBadge status={p.outcome} /> {p.decidedAt?.slice(0, 10)} {p.ratings.join(', ')}{p.criteria.length ? ` · criteria ${p.criteria.join(', ')}` : ''}</li>)}</ul>
        ) : <p>No earlier decisions for this rating and destination.</p>}
      </section>
      <section className="panel" aria-labelledby="qs-h">
        <h2 id="qs-h">Questions to the exporter</h2>
        <ul>{c.questions.map((x) => <li key={x.id}><strong>{x.text}</strong> — {x.open ? 'awaiting answer' : `answered: ${x.answer}`}</li>)}</ul>
        {officer && open && <AskQuestion id={c.id} onDone={refresh} />}
      </section>
      <section className="panel" aria-labelledby="ref-h">
        <h2 id="ref-h">Referrals and advice</h2>
        <ul>{c.referrals.map((r) => <li key={r.id}>{r.team}: {r.completedAt ? 'advice given' : 'awaiting advice'}</li>)}</ul>
        <ul>
          {c.advice.map((a) => (
            <li key={a.id}>
              {a.level === 'officer' ? 'Case officer' : a.team}: <StatusBadge status={a.decision} />
              {a.goodId ? ` on ${c.goods.find((g) => g.id === a.goodId)?.description ?? 'a good'}` : ''}{a.destination ? ` to ${a.destination}` : ''}
              {a.provisos ? ` — provisos: ${a.provisos}` : ''}{a.criteria.length ? ` — criteria ${a.criteria.join(', ')}` : ''}{a.rationale ? ` — ${a.rationale}` : ''}
            </li>
          ))}
        </ul>
        {officer && open && <Refer id={c.id} onDone={refresh} />}
        {(officer || me?.role === 'adviser') && open && <AdviceForm c={c} onDone={refresh} />}
      </section>
      <section className="panel" aria-labelledby="cs-h">
        <h2 id="cs-h">Countersignature</h2>
        <ul>{c.countersignatures.map((s) => <li key={s.id}>{s.valid ? 'Countersigned' : 'Invalidated (advice changed)'} {s.createdAt.slice(0, 10)}{s.comment ? ` — ${s.comment}` : ''}</li>)}</ul>
        {officer && c.status === 'under_review' && c.advice.some((a) => a.level === 'officer') && <RequestCountersignature id={c.id} onDone={refresh} />}
        {me?.role === 'senior_officer' && open && <Countersign id={c.id} onDone={refresh} />}
      </section>
      {officer && open && <DecisionForm c={c} onDone={refresh} />}
      {c.decision && (
        <section className="panel" aria-labelledby="dec-h">
          <h2 id="dec-h">Decision</h2>
          <p><StatusBadge status={c.decision.outcome} /> {c.decision.decidedAt?.slice(0, 10)}</p>
          <p>Rationale: {c.decision.rationale}</p>
          <p>Public version: {c.decision.publicRationale}</p>
          {c.licences.map((l) => <p key={l.id}>Licence <Link to={`/licences/${l.id}`}>{l.reference}</Link> <StatusBadge status={l.status} /></p>)}
        </section>
      )}
      {c.status === 'under_appeal' && me?.role === 'senior_officer' && <AppealDecision c={c} onDone={refresh} />}
      {me?.role !== 'adviser' && <Correspondence base={`/api/cases/${c.id}`} documents={c.documents} uploadUrl={officer ? `/api/cases/${c.id}/documents` : undefined} />}
      <NotesAndTimeline caseId={c.id} canWrite={officer || me?.role === 'adviser'} />
      {c.appeals.length > 0 && (
        <section className="panel" aria-labelledby="apl-h">
          <h2 id="apl-h">Appeals</h2>
          {c.appeals.map((a) => <p key={a.id}><StatusBadge status={a.status} /> lodged {a.lodgedAt.slice(0, 10)}: {a.grounds}{a.rationale ? ` — decision: ${a.rationale}` : ''}</p>)}
        </section>
      )}
    </RequireRole>
  );
}

function Flags({ c, officer, onDone }: { c: CaseDetail; officer: boolean; onDone: () => void }) {
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const clear = useMutation({ mutationFn: (flagId: string) => api.post(`/api/cases/${c.id}/flags/${flagId}/clear`, { reason: reasons[flagId] ?? '' }), onSuccess: onDone });
  return (
    <ul>
      <FormError error={clear.error} />
      {c.flags.map((f) => (
        <li key={f.id}>
          <StatusBadge status={f.clearedAt ? 'cleared' : f.blocking ? 'refused' : 'submitted'} label={f.clearedAt ? 'cleared' : f.blocking ? 'blocking' : 'info'} /> {f.label}
          {f.clearedAt && ` — ${f.clearReason}`}
          {officer && !f.clearedAt && (
            <form onSubmit={(e) => { e.preventDefault(); clear.mutate(f.id); }}>
              <TextField label={`Reason to clear "${f.code}"`} value={reasons[f.id] ?? ''} onChange={(e) => setReasons({ ...reasons, [f.id]: e.target.value })} />
              <Button type="submit" variant="secondary">Clear flag</Button>
            </form>
          )}
        </li>
      ))}
    </ul>
  );
}

function DenialMatches({ c, officer, onDone }: { c: CaseDetail; officer: boolean; onDone: () => void }) {
  const [comments, setComments] = useState<Record<string, string>>({});
  const record = useMutation({ mutationFn: (v: { id: string; result: string }) => api.post(`/api/cases/${c.id}/denial-matches/${v.id}`, { result: v.result, comment: comments[v.id] ?? '' }), onSuccess: onDone });
  return (
    <section className="panel" aria-labelledby="dm-h">
      <h2 id="dm-h">Denial matches</h2>
      <FormError error={record.error} />
      <ul>
        {c.denialMatches.map((m) => (
          <li key={m.id}>
            {m.partyName} ≈ {m.denialName} ({m.regimeRegRef}, {m.notifyingGovernment}; score {m.score}) <StatusBadge status={m.status} />
            {m.comment && ` — ${m.comment}`}
            {officer && m.status === 'pending' && (
              <div>
                <TextField label={`Comment on ${m.regimeRegRef}`} value={comments[m.id] ?? ''} onChange={(e) => setComments({ ...comments, [m.id]: e.target.value })} />
                {['exact', 'partial', 'not_a_match'].map((r) => <Button key={r} variant="secondary" onClick={() => record.mutate({ id: m.id, result: r })}>{r.replace(/_/g, ' ')}</Button>)}
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function AskQuestion({ id, onDone }: { id: string; onDone: () => void }) {
  const qc = useQueryClient();
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  // A question with a file: the file becomes a document on the case and goes to the exporter in the correspondence thread.
  const ask = useMutation({
    mutationFn: async () => {
      await api.post(`/api/cases/${id}/questions`, { text });
      if (!file) return;
      const fd = new FormData();
      fd.append('file', file);
      const up = await api.upload<{ id: string }>(`/api/cases/${id}/documents`, fd);
      await api.post(`/api/cases/${id}/messages`, { text: `Attachment to the question: ${text}`.slice(0, 2000), documentIds: [up.id] });
    },
    onSuccess: () => { setText(''); setFile(null); void qc.invalidateQueries({ queryKey: ['messages'] }); onDone(); },
  });
  return (
    <form onSubmit={(e) => { e.preventDefault(); ask.mutate(); }}>
      <FormError error={ask.error} />
      <TextArea label="Question to the exporter" value={text} onChange={(e) => setText(e.target.value)} error={fieldErrors(ask.error).text} rows={2} hint="The statutory clock stops until it is answered." />
      <label>
        Attach a file to the question (optional; PDF, PNG, JPEG, text or CSV, up to 10 MB)
        <input type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>
      <Button type="submit" disabled={ask.isPending}>Send question</Button>
    </form>
  );
}

function Refer({ id, onDone }: { id: string; onDone: () => void }) {
  const [team, setTeam] = useState('');
  const teams = useQuery({ queryKey: ['teams'], queryFn: () => api.get<{ teams: { team: string; advisers: number }[] }>('/api/licensing/teams') });
  const refer = useMutation({ mutationFn: () => api.post(`/api/cases/${id}/referrals`, { team }), onSuccess: onDone });
  return (
    <form onSubmit={(e) => { e.preventDefault(); refer.mutate(); }}>
      <FormError error={refer.error} />
      <SelectField label="Refer to adviser team" value={team} onChange={(e) => setTeam(e.target.value)} error={fieldErrors(refer.error).team} options={[{ value: '', label: 'Choose a team' }, ...(teams.data?.teams ?? []).map((t) => ({ value: t.team, label: `${t.team.replace(/_/g, ' ')} (${t.advisers} adviser${t.advisers === 1 ? '' : 's'})` }))]} />
      <Button type="submit" variant="secondary">Refer</Button>
    </form>
  );
}

function AdviceForm({ c, onDone }: { c: CaseDetail; onDone: () => void }) {
  const [decision, setDecision] = useState('approve');
  const [goodId, setGoodId] = useState('');
  const [provisos, setProvisos] = useState('');
  const [criteria, setCriteria] = useState<string[]>([]);
  const [rationale, setRationale] = useState('');
  const give = useMutation({
    mutationFn: () => api.post(`/api/cases/${c.id}/advice`, { decision, goodId: goodId || null, provisos: provisos || null, criteria, rationale: rationale || null }),
    onSuccess: onDone,
  });
  const errs = fieldErrors(give.error);
  return (
    <form onSubmit={(e) => { e.preventDefault(); give.mutate(); }} className="panel">
      <h3>Give advice</h3>
      <FormError error={give.error} />
      <SelectField label="Advice" value={decision} onChange={(e) => setDecision(e.target.value)} options={['approve', 'approve_with_provisos', 'refuse', 'no_licence_required'].map((v) => ({ value: v, label: v.replace(/_/g, ' ') }))} />
      <SelectField label="Advice applies to good" value={goodId} onChange={(e) => setGoodId(e.target.value)} options={[{ value: '', label: 'All goods' }, ...c.goods.map((g) => ({ value: g.id, label: g.description }))]} />
      {decision === 'approve_with_provisos' && <TextArea label="Advice provisos" value={provisos} onChange={(e) => setProvisos(e.target.value)} error={errs.provisos} rows={2} />}
      {decision === 'refuse' && <Criteria all={c.refusalCriteria} value={criteria} onChange={setCriteria} error={errs.criteria} name="advice" />}
      <TextArea label="Advice rationale" value={rationale} onChange={(e) => setRationale(e.target.value)} error={errs.rationale} rows={2} />
      <Button type="submit" disabled={give.isPending}>Save advice</Button>
    </form>
  );
}

function Criteria({ all, value, onChange, error, name }: { all: Record<string, string>; value: string[]; onChange: (v: string[]) => void; error?: string; name: string }) {
  return (
    <fieldset>
      <legend>Refusal criteria</legend>
      {Object.entries(all).map(([code, title]) => (
        <label key={code} className="check">
          <input type="checkbox" name={`${name}-criteria`} checked={value.includes(code)} onChange={(e) => onChange(e.target.checked ? [...value, code] : value.filter((x) => x !== code))} /> Criterion {code}: {title}
        </label>
      ))}
      {error && <span className="field-error" role="alert">{error}</span>}
    </fieldset>
  );
}

/** Sends the consolidated advice for countersigning; every eligible senior officer is notified. */
function RequestCountersignature({ id, onDone }: { id: string; onDone: () => void }) {
  const req = useMutation({ mutationFn: () => api.post(`/api/cases/${id}/request-countersignature`, {}), onSuccess: onDone });
  return (
    <div>
      <FormError error={req.error} />
      <Button variant="secondary" onClick={() => req.mutate()} disabled={req.isPending}>Request countersignature</Button>
    </div>
  );
}

function Countersign({ id, onDone }: { id: string; onDone: () => void }) {
  const [comment, setComment] = useState('');
  const cs = useMutation({ mutationFn: () => api.post(`/api/cases/${id}/countersign`, { comment }), onSuccess: onDone });
  return (
    <form onSubmit={(e) => { e.preventDefault(); cs.mutate(); }}>
      <FormError error={cs.error} />
      <TextField label="Countersignature comment" value={comment} onChange={(e) => setComment(e.target.value)} />
      <Button type="submit">Countersign advice</Button>
    </form>
  );
}

function DecisionForm({ c, onDone }: { c: CaseDetail; onDone: () => void }) {
  const [outcome, setOutcome] = useState('approved');
  const [provisos, setProvisos] = useState('');
  const [criteria, setCriteria] = useState<string[]>([]);
  const [rationale, setRationale] = useState('');
  const [departureReason, setDepartureReason] = useState('');
  // On a refusal the officer chooses who goes to the denials register (by default the end users, not an innocent consignee).
  const [deny, setDeny] = useState<string[]>(c.parties.filter((p) => p.role === 'end_user' || p.role === 'ultimate_end_user').map((p) => p.id));
  const decide = useMutation({
    mutationFn: () => api.post(`/api/cases/${c.id}/decision`, { outcome, provisos: provisos || null, criteria, rationale, departureReason: departureReason || null, expectedVersion: c.rowVersion, ...(outcome === 'refused' ? { denyPartyIds: deny } : {}) }),
    onSuccess: onDone,
  });
  const errs = fieldErrors(decide.error);
  const departs = c.precedentOutcome && c.precedentOutcome !== 'mixed' && c.precedentOutcome !== (outcome === 'refused' ? 'refused' : 'approved');
  return (
    <section className="panel" aria-labelledby="decide-h">
      <h2 id="decide-h">Final decision</h2>
      <form onSubmit={(e) => { e.preventDefault(); decide.mutate(); }}>
        <FormError error={decide.error} />
        {Object.entries(errs).filter(([k]) => ['flags', 'questions', 'referrals', 'countersignature'].includes(k)).map(([k, v]) => <p key={k} className="field-error">{v}</p>)}
        <SelectField label="Outcome" value={outcome} onChange={(e) => setOutcome(e.target.value)} options={['approved', 'approved_with_provisos', 'refused'].map((v) => ({ value: v, label: v.replace(/_/g, ' ') }))} />
        {outcome === 'approved_with_provisos' && <TextArea label="Licence provisos" value={provisos} onChange={(e) => setProvisos(e.target.value)} error={errs.provisos} rows={2} />}
        {outcome === 'refused' && <Criteria all={c.refusalCriteria} value={criteria} onChange={setCriteria} error={errs.criteria} name="decision" />}
        {outcome === 'refused' && (
          <fieldset>
            <legend>Parties to enter in the denials register</legend>
            {c.parties.map((p) => (
              <label key={p.id} className="check">
                <input type="checkbox" checked={deny.includes(p.id)} onChange={(e) => setDeny(e.target.checked ? [...deny, p.id] : deny.filter((x) => x !== p.id))} /> {p.name} ({p.role.replace(/_/g, ' ')})
              </label>
            ))}
            {errs.denyPartyIds && <span className="field-error" role="alert">{errs.denyPartyIds}</span>}
          </fieldset>
        )}
        <TextArea label="Decision rationale" value={rationale} onChange={(e) => setRationale(e.target.value)} error={errs.rationale} rows={3} hint="Names, addresses and contact details are redacted in the public version." />
        {(departs || errs.departureReason) && <TextArea label="Reason for departing from precedent" value={departureReason} onChange={(e) => setDepartureReason(e.target.value)} error={errs.departureReason} rows={2} />}
        <Button type="submit" disabled={decide.isPending}>Record decision</Button>
      </form>
    </section>
  );
}

function AppealDecision({ c, onDone }: { c: CaseDetail; onDone: () => void }) {
  const [outcome, setOutcome] = useState('overturned');
  const [rationale, setRationale] = useState('');
  const decide = useMutation({ mutationFn: () => api.post(`/api/cases/${c.id}/appeal-decision`, { outcome, rationale }), onSuccess: onDone });
  return (
    <section className="panel" aria-labelledby="apd-h">
      <h2 id="apd-h">Decide the appeal</h2>
      <form onSubmit={(e) => { e.preventDefault(); decide.mutate(); }}>
        <FormError error={decide.error} />
        <SelectField label="Appeal outcome" value={outcome} onChange={(e) => setOutcome(e.target.value)} options={[{ value: 'overturned', label: 'Overturned (issue a licence)' }, { value: 'upheld', label: 'Upheld (refusal stands)' }]} />
        <TextArea label="Appeal rationale" value={rationale} onChange={(e) => setRationale(e.target.value)} rows={3} />
        <Button type="submit">Decide appeal</Button>
      </form>
    </section>
  );
}

interface Denial { id: string; source: string; reference: string | null; regimeRegRef: string | null; name: string; country: string | null; notifyingGovernment: string | null; reasonForRefusal: string | null; readyForSharing: boolean; active: boolean }

export function DenialsPage() {
  const qc = useQueryClient();
  const [source, setSource] = useState('');
  const [csv, setCsv] = useState('');
  const q = useQuery({ queryKey: ['denials', source], queryFn: () => api.get<{ denials: Denial[] }>(`/api/denials${qs({ source, limit: 500 })}`) });
  const imp = useMutation({ mutationFn: () => api.post<{ rows: number; added: number; updated: number }>('/api/denials/import', { csv }), onSuccess: () => { setCsv(''); qc.invalidateQueries({ queryKey: ['denials'] }); } });
  return (
    <RequireRole roles={['admin', 'licensing_officer', 'senior_officer', 'oversight']}>
      <PageHeader title="Denials register">
        <a className="btn btn-secondary" href="/api/denials/export.csv">Export our refusals (CSV)</a>
      </PageHeader>
      <SelectField label="Source" value={source} onChange={(e) => setSource(e.target.value)} options={[{ value: '', label: 'All' }, { value: 'partner', label: 'Partner notifications' }, { value: 'own', label: 'Our refusals' }]} />
      {q.isLoading ? <Loading /> : q.error ? <ErrorState error={q.error} /> : (
        <DataTable
          caption="Denial notifications"
          rows={q.data!.denials}
          rowKey={(r) => r.id}
          columns={[
            { key: 'source', header: 'Source' },
            { key: 'regimeRegRef', header: 'Regime ref' },
            { key: 'name', header: 'Name' },
            { key: 'country', header: 'Country' },
            { key: 'notifyingGovernment', header: 'Notified by' },
            { key: 'reasonForRefusal', header: 'Reason' },
            { key: 'active', header: 'Active', render: (r) => (r.active ? 'yes' : 'no') },
          ]}
        />
      )}
      <form className="panel" onSubmit={(e) => { e.preventDefault(); imp.mutate(); }}>
        <h2>Import partner denials</h2>
        <FormError error={imp.error} />
        {imp.data && <p className="alert alert-ok" role="status">Imported {imp.data.rows} rows: {imp.data.added} new, {imp.data.updated} updated.</p>}
        <TextArea label="Denial CSV (LITE layout)" value={csv} onChange={(e) => setCsv(e.target.value)} rows={6} />
        <Button type="submit" disabled={!csv}>Import</Button>
      </form>
    </RequireRole>
  );
}
