import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Button, FormError, RequireRole, SelectField, StatusBadge, TextArea, PageHeader, Loading, ErrorState, fieldErrors } from '../../components';

interface Hit { id: string; source: string; list: string | null; entityName: string; matchedName: string; score: number; explanation: unknown; status: string; reason: string | null; profile: Record<string, unknown> | null }
interface PanelParty { partyId: string; role: string; name: string; country: string; screened: boolean; status: string; hits: Hit[] }
interface Panel { flag: { id: string; active: boolean } | null; parties: PanelParty[]; flagOutcome?: string }

/** Per party: list, listed entity, score, explanation, profile, decision; hits and the screening flag are decided together. */
export function ScreeningPanel({ caseId, officer, onDone }: { caseId: string; officer: boolean; onDone: () => void }) {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['case-screening', caseId], queryFn: () => api.get<Panel>(`/api/cases/${caseId}/screening`) });
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const decide = useMutation({
    mutationFn: () => api.post<Panel>(`/api/cases/${caseId}/screening/decisions`, { decisions: Object.entries(choice).filter(([, d]) => d).map(([hitId, decision]) => ({ hitId, decision, reason })) }),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: ['case-screening', caseId] }); onDone(); },
  });
  const errs = fieldErrors(decide.error);
  if (!q.data) return null;
  const undecided = q.data.parties.flatMap((p) => p.hits).filter((h) => h.status === 'open' || h.status === 'escalated');
  return (
    <section className="panel" aria-labelledby="scr-h">
      <h2 id="scr-h">Screening</h2>
      {decide.data?.flagOutcome && <p role="status">Screening flag: {decide.data.flagOutcome}</p>}
      {q.data.parties.map((p) => (
        <div key={p.partyId}>
          <h3>{p.name} <small>({p.role.replace(/_/g, ' ')}, {p.country})</small> {p.screened ? <StatusBadge status={p.status} /> : <strong>Not screened: check this party manually</strong>}</h3>
          {p.screened && !p.hits.length && <p>No hits at the threshold.</p>}
          {p.hits.length > 0 && (
            <div className="table-scroll">
              <table>
                <caption>Hits for {p.name}</caption>
                <thead><tr><th>List</th><th>Listed entity</th><th>Score</th><th>Explanation</th><th>Decision</th></tr></thead>
                <tbody>
                  {p.hits.map((h) => (
                    <tr key={h.id}>
                      <td>{h.list ?? h.source}</td>
                      <td>
                        {h.entityName}
                        {h.profile && <details><summary>Profile</summary><pre className="wrap">{JSON.stringify(h.profile, null, 1)}</pre></details>}
                      </td>
                      <td>{h.score.toFixed(2)}</td>
                      <td><details><summary>Why</summary><pre className="wrap">{JSON.stringify(h.explanation, null, 1)}</pre></details></td>
                      <td>
                        <StatusBadge status={h.status} /> {h.reason}
                        {officer && (h.status === 'open' || h.status === 'escalated') && (
                          <SelectField label={`Decision on ${h.entityName}`} value={choice[h.id] ?? ''} onChange={(e) => setChoice({ ...choice, [h.id]: e.target.value })} options={[{ value: '', label: 'Undecided' }, { value: 'false_positive', label: 'False positive (not this party)' }, { value: 'true_match', label: 'True match' }]} />
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      ))}
      {officer && undecided.length > 0 && (
        <form onSubmit={(e) => { e.preventDefault(); decide.mutate(); }}>
          <FormError error={decide.error} />
          <TextArea label="Reason for the screening decisions" value={reason} onChange={(e) => setReason(e.target.value)} error={errs['decisions.0.reason']} rows={2} />
          <Button type="submit">Record screening decisions</Button>
        </form>
      )}
    </section>
  );
}

/** Allocation of the case: to me, or to another officer. */
export function Allocation({ caseId, assignedTo, meId, onDone }: { caseId: string; assignedTo: string | null; meId: string; onDone: () => void }) {
  const officers = useQuery({ queryKey: ['officers'], queryFn: () => api.get<{ officers: { id: string; name: string }[] }>('/api/licensing/officers') });
  const assign = useMutation({ mutationFn: (userId: string | null) => api.post(`/api/cases/${caseId}/assign`, { userId }), onSuccess: onDone });
  const who = officers.data?.officers.find((o) => o.id === assignedTo)?.name;
  return (
    <p>
      <FormError error={assign.error} />
      Allocated to <strong>{assignedTo ? (assignedTo === meId ? 'me' : who ?? 'another officer') : 'nobody'}</strong>{' '}
      {assignedTo !== meId && <Button variant="secondary" onClick={() => assign.mutate(meId)}>Allocate to me</Button>}{' '}
      {officers.data && (
        <SelectField label="Allocate to" value={assignedTo ?? ''} onChange={(e) => assign.mutate(e.target.value || null)} options={[{ value: '', label: 'Nobody' }, ...officers.data.officers.map((o) => ({ value: o.id, label: o.name }))]} />
      )}
    </p>
  );
}

/** Internal notes and the timeline of every event on the case. */
export function NotesAndTimeline({ caseId, canWrite }: { caseId: string; canWrite: boolean }) {
  const qc = useQueryClient();
  const notes = useQuery({ queryKey: ['case-notes', caseId], queryFn: () => api.get<{ notes: { id: string; text: string; author: string; createdAt: string }[] }>(`/api/cases/${caseId}/notes`) });
  const timeline = useQuery({ queryKey: ['case-timeline', caseId], queryFn: () => api.get<{ events: { seq: number; at: string; actor: string | null; action: string }[] }>(`/api/cases/${caseId}/timeline`) });
  const [text, setText] = useState('');
  const add = useMutation({ mutationFn: () => api.post(`/api/cases/${caseId}/notes`, { text }), onSuccess: () => { setText(''); void qc.invalidateQueries({ queryKey: ['case-notes', caseId] }); void qc.invalidateQueries({ queryKey: ['case-timeline', caseId] }); } });
  return (
    <>
      <section className="panel" aria-labelledby="notes-h">
        <h2 id="notes-h">Case notes (internal)</h2>
        <ul>{(notes.data?.notes ?? []).map((n) => <li key={n.id}><strong>{n.author}</strong> {n.createdAt.slice(0, 16).replace('T', ' ')}: {n.text}</li>)}</ul>
        {canWrite && (
          <form onSubmit={(e) => { e.preventDefault(); add.mutate(); }}>
            <FormError error={add.error} />
            <TextArea label="New note" value={text} onChange={(e) => setText(e.target.value)} error={fieldErrors(add.error).text} rows={2} />
            <Button type="submit" variant="secondary">Add note</Button>
          </form>
        )}
      </section>
      <section className="panel" aria-labelledby="tl-h">
        <h2 id="tl-h">Timeline</h2>
        <ol>{(timeline.data?.events ?? []).map((e) => <li key={e.seq}>{e.at.slice(0, 16).replace('T', ' ')} · {e.action.replace(/[._]/g, ' ')} · {e.actor ?? 'system'}</li>)}</ol>
      </section>
    </>
  );
}

/** What still blocks the final decision and the next step, from the case as loaded. */
export function Blockers({ c }: { c: { flags: { label: string; blocking: boolean; clearedAt: string | null }[]; questions: { open: boolean }[]; referrals: { team: string; completedAt: string | null }[]; advice: { level: string }[]; countersignRequired: boolean; countersignatures: { valid: boolean }[]; status: string } }) {
  const items: string[] = [];
  for (const f of c.flags.filter((x) => x.blocking && !x.clearedAt)) items.push(`Clear the flag: ${f.label}`);
  if (c.questions.some((q) => q.open)) items.push('Wait for the exporter to answer the open question');
  for (const r of c.referrals.filter((x) => !x.completedAt)) items.push(`Advice from ${r.team} is outstanding`);
  if (!c.advice.some((a) => a.level === 'officer')) items.push('Record the case officer advice');
  else if (c.countersignRequired && !c.countersignatures.some((x) => x.valid)) items.push(c.status === 'countersigning' ? 'Awaiting a senior officer’s countersignature' : 'Request countersignature from a senior officer');
  if (!['initial_checks', 'under_review', 'referred', 'countersigning', 'under_final_review'].includes(c.status)) return null;
  return (
    <section className="panel" aria-labelledby="blk-h">
      <h2 id="blk-h">Before the final decision</h2>
      {items.length ? <ul>{items.map((i) => <li key={i}>{i}</li>)}</ul> : <p>Nothing blocks the decision: decide the case.</p>}
    </section>
  );
}

interface WorkItem { id: string; reference: string | null; dueDate: string | null; daysRemaining?: number | null }
interface Work { role: string; unreadNotifications: number; myCases?: { total: number; items: WorkItem[] }; overdue?: number; dueSoon?: number; unallocated?: number; awaitingMyCountersignature?: { total: number; items: WorkItem[] }; appealsToDecide?: { total: number; items: WorkItem[] }; referralsToMyTeam?: { total: number; items: WorkItem[] } }

const WorkList = ({ title, list }: { title: string; list?: { total: number; items: WorkItem[] } }) =>
  list ? (
    <section className="panel" aria-label={title}>
      <h2>{title} ({list.total})</h2>
      {list.items.length ? <ul>{list.items.map((i) => <li key={i.id}><Link to={`/cases/${i.id}`}>{i.reference}</Link> · due {i.dueDate ?? '—'}{i.daysRemaining != null ? ` (${i.daysRemaining} working days)` : ''}</li>)}</ul> : <p>Nothing waiting.</p>}
    </section>
  ) : null;

/** The caseworker's home page: the work waiting, per role. */
export function WorkspacePage() {
  const q = useQuery({ queryKey: ['workspace'], queryFn: () => api.get<Work>('/api/workspace') });
  return (
    <RequireRole roles={['admin', 'licensing_officer', 'senior_officer', 'oversight', 'adviser']}>
      <PageHeader title="My work" />
      {q.isLoading ? <Loading /> : q.error ? <ErrorState error={q.error} /> : (
        <>
          <p>
            <Link to="/notifications">{q.data!.unreadNotifications} unread notification(s)</Link>
            {q.data!.overdue !== undefined && <> · <Link to="/cases?overdue=true">{q.data!.overdue} overdue</Link> · {q.data!.dueSoon} due within 5 working days · {q.data!.unallocated} unallocated</>}
          </p>
          <WorkList title="My cases" list={q.data!.myCases} />
          <WorkList title="Awaiting my countersignature" list={q.data!.awaitingMyCountersignature} />
          <WorkList title="Appeals to decide" list={q.data!.appealsToDecide} />
          <WorkList title="Referrals to my team" list={q.data!.referralsToMyTeam} />
        </>
      )}
    </RequireRole>
  );
}
