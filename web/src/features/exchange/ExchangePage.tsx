import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Button, DataTable, ErrorState, FormError, Loading, PageHeader, RequireRole, SelectField, StatusBadge, TextArea, TextField, fieldErrors } from '../../components';
import { useAuth } from '../../auth';
import type { Consultation, MustConsult, OwnDenial, WaitingCase } from './types';

const READERS = ['admin', 'licensing_officer', 'senior_officer', 'oversight'] as const;
const isOfficer = (role?: string) => role === 'licensing_officer' || role === 'senior_officer';
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');

function AnswerForm({ c }: { c: Consultation }) {
  const qc = useQueryClient();
  const [answer, setAnswer] = useState<'no_objection' | 'object'>('no_objection');
  const [comment, setComment] = useState('');
  const send = useMutation({ mutationFn: () => api.post(`/api/exchange/consultations/${c.id}/answer`, { answer, comment: comment || null }), onSuccess: () => qc.invalidateQueries({ queryKey: ['exchange-consultations'] }) });
  return (
    <form aria-label={`Answer ${c.peer}`} onSubmit={(e) => { e.preventDefault(); send.mutate(); }}>
      <FormError error={send.error} />
      <SelectField label="Answer" value={answer} onChange={(e) => setAnswer(e.target.value as 'no_objection' | 'object')} options={[{ value: 'no_objection', label: 'No objection' }, { value: 'object', label: 'We object' }]} />
      <TextArea label="Comment for the asking authority" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
      <Button type="submit" disabled={send.isPending}>Send answer</Button>
    </form>
  );
}

function Inbound({ role }: { role?: string }) {
  const q = useQuery({ queryKey: ['exchange-consultations', 'inbound'], queryFn: () => api.get<{ consultations: Consultation[] }>('/api/exchange/consultations?direction=inbound') });
  if (q.isLoading) return <Loading />;
  if (q.error) return <ErrorState error={q.error} />;
  const list = q.data!.consultations;
  return (
    <section className="panel" aria-label="Questions from other authorities">
      <h2>Questions from other authorities about our denials</h2>
      {!list.length && <p>None.</p>}
      {list.map((c) => (
        <article key={c.id} className="panel">
          <h3>{c.peer} · denial {c.denialReference} <StatusBadge status={c.status} /></h3>
          <p>{c.summary.controlEntry ?? '—'} to {c.summary.destination ?? '—'}, end user {c.summary.endUser ?? '—'} · answer by {day(c.deadline)}</p>
          <blockquote>{c.question}</blockquote>
          {c.status === 'open' ? (isOfficer(role) ? <AnswerForm c={c} /> : <p>Waiting for a licensing officer to answer.</p>) : <p>Answered {day(c.answeredAt)}: {c.answer === 'object' ? 'we object' : 'no objection'}{c.answerComment ? ` (${c.answerComment})` : ''}</p>}
        </article>
      ))}
    </section>
  );
}

function WaitingCases() {
  const q = useQuery({ queryKey: ['exchange-cases'], queryFn: () => api.get<{ cases: WaitingCase[] }>('/api/exchange/cases') });
  if (q.isLoading) return <Loading />;
  if (q.error) return <ErrorState error={q.error} />;
  return (
    <DataTable
      caption="Cases blocked until another authority is consulted"
      rows={q.data!.cases}
      rowKey={(c) => c.id}
      empty="No case is waiting for a consultation."
      columns={[
        { key: 'reference', header: 'Case', render: (c) => <Link to={`/exchange/cases/${c.id}`}>{c.reference}</Link> },
        { key: 'destination', header: 'Destination' },
        { key: 'peers', header: 'Denied by', render: (c) => c.peers.join(', ') },
        { key: 'toConsult', header: 'To consult' },
        { key: 'open', header: 'Awaiting answer' },
      ]}
    />
  );
}

function OwnDenials({ role }: { role?: string }) {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['exchange-denials'], queryFn: () => api.get<{ reviewAfterYears: number; denials: OwnDenial[] }>('/api/exchange/denials') });
  const [chosen, setChosen] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const refresh = () => qc.invalidateQueries({ queryKey: ['exchange-denials'] });
  const share = useMutation({ mutationFn: () => api.post<{ sent: unknown[] }>('/api/exchange/denials/share', { denialIds: chosen }), onSuccess: () => { setChosen([]); refresh(); } });
  const review = useMutation({ mutationFn: (v: { id: string; decision: 'keep' | 'revoke' }) => api.post(`/api/exchange/denials/${v.id}/review`, { ...v, reason }), onSuccess: () => { setReason(''); refresh(); } });
  if (q.isLoading) return <Loading />;
  if (q.error) return <ErrorState error={q.error} />;
  const officer = isOfficer(role);
  return (
    <section className="panel" aria-label="Our denials">
      <h2>Our denials</h2>
      <p>Choose which denials to share: the party, control entry, destination and reason category travel, no case detail. Denials come up for review after {q.data!.reviewAfterYears} years; revoking one notifies every peer it went to.</p>
      <FormError error={share.error ?? review.error} />
      <DataTable
        rows={q.data!.denials}
        rowKey={(d) => d.id}
        empty="No active denials."
        columns={[
          ...(officer ? [{ key: 'pick', header: 'Share', render: (d: OwnDenial) => <input type="checkbox" aria-label={`Share ${d.name}`} checked={chosen.includes(d.id)} onChange={(e) => setChosen(e.target.checked ? [...chosen, d.id] : chosen.filter((x) => x !== d.id))} /> }] : []),
          { key: 'name', header: 'Denied party' },
          { key: 'controlEntry', header: 'Control entry' },
          { key: 'destination', header: 'Destination' },
          { key: 'sharedWith', header: 'Shared with', render: (d) => d.sharedWith.map((s) => s.peer).join(', ') || '—' },
          { key: 'reviewDue', header: 'Review', render: (d) => (d.reviewDue ? <StatusBadge status="overdue" label="review due" /> : `last ${day(d.lastReviewedAt ?? d.createdAt)}`) },
          ...(officer ? [{ key: 'act', header: 'Review', render: (d: OwnDenial) => <><Button variant="secondary" disabled={!reason.trim()} onClick={() => review.mutate({ id: d.id, decision: 'keep' })}>Keep</Button> <Button variant="danger" disabled={!reason.trim()} onClick={() => review.mutate({ id: d.id, decision: 'revoke' })}>Revoke</Button></> }] : []),
        ]}
      />
      {officer && (
        <>
          <Button onClick={() => share.mutate()} disabled={!chosen.length || share.isPending}>Share {chosen.length || ''} with all peers</Button>
          {share.data && <p role="status">Sent {share.data.sent.length} notification(s).</p>}
          <TextArea label="Reason for a review decision (keep or revoke)" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} error={fieldErrors(review.error).reason} />
        </>
      )}
    </section>
  );
}

interface PeerRuling { peer: string; reference: string; publicSummary: string; rating: { list: string | null; code: string | null; notListed: boolean }; publishedAt: string }

function PeerRulings() {
  const [q, setQ] = useState('');
  const [code, setCode] = useState('');
  const [search, setSearch] = useState<{ q: string; code: string } | null>(null);
  const res = useQuery({
    queryKey: ['exchange-rulings', search],
    enabled: search !== null,
    queryFn: () => api.get<{ rulings: PeerRuling[] }>(`/api/exchange/classification/rulings?${new URLSearchParams({ ...(search!.q ? { q: search!.q } : {}), ...(search!.code ? { code: search!.code } : {}) })}`),
  });
  return (
    <section className="panel" aria-label="Rulings published by other authorities">
      <h2>Rulings published by other authorities</h2>
      <form className="inline-form" onSubmit={(e) => { e.preventDefault(); setSearch({ q, code }); }}>
        <TextField label="Words" value={q} onChange={(e) => setQ(e.target.value)} />
        <TextField label="Control code" hint="e.g. 5A002" value={code} onChange={(e) => setCode(e.target.value)} />
        <Button type="submit">Search</Button>
      </form>
      {res.error && <ErrorState error={res.error} />}
      {res.data && (
        <DataTable
          rows={res.data.rulings}
          rowKey={(r) => `${r.peer}/${r.reference}`}
          empty="No ruling from a peer matches. Load a peer's rulings on the Peer authorities page."
          columns={[
            { key: 'peer', header: 'Authority' },
            { key: 'reference', header: 'Ruling' },
            { key: 'rating', header: 'Rating', render: (r) => (r.rating.notListed ? 'not listed' : `${r.rating.list ?? ''} ${r.rating.code ?? ''}`) },
            { key: 'publicSummary', header: 'Summary' },
            { key: 'publishedAt', header: 'Published', render: (r) => day(r.publishedAt) },
          ]}
        />
      )}
    </section>
  );
}

/** Officers: questions from peers, cases waiting for a consultation, our denials to share and review. */
export function ExchangePage() {
  const { me } = useAuth();
  return (
    <RequireRole roles={[...READERS]}>
      <PageHeader title="Exchange with other authorities">
        <Link to="/exchange/peers">Peer authorities</Link>
      </PageHeader>
      <WaitingCases />
      <Inbound role={me?.role} />
      <OwnDenials role={me?.role} />
      <PeerRulings />
    </RequireRole>
  );
}

/** One case: the peers' denials it must consult on, the question to send, and the answers. */
export function CaseConsultationPage() {
  const { id } = useParams();
  const { me } = useAuth();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['exchange-case', id], queryFn: () => api.get<{ mustConsult: MustConsult[]; consultations: Consultation[] }>(`/api/exchange/cases/${id}/consultations`) });
  const [question, setQuestion] = useState('');
  const ask = useMutation({ mutationFn: (m: MustConsult) => api.post('/api/exchange/consultations', { applicationId: id, denialReference: m.denialReference, question }), onSuccess: () => { setQuestion(''); qc.invalidateQueries({ queryKey: ['exchange-case', id] }); } });
  return (
    <RequireRole roles={[...READERS]}>
      <PageHeader title="Consult the denying authority">
        <Link to={`/cases/${id}`}>Back to the case</Link>
      </PageHeader>
      {q.isLoading ? <Loading /> : q.error ? <ErrorState error={q.error} /> : (
        <>
          {q.data!.mustConsult.length === 0 && <p>Nothing left to consult on for this case.</p>}
          {q.data!.mustConsult.map((m) => (
            <form key={m.denialReference} className="panel" aria-label={`Consult ${m.peer}`} onSubmit={(e) => { e.preventDefault(); ask.mutate(m); }}>
              <h2>{m.peer} denied {m.deniedParty}</h2>
              <p>Your party {m.party} · {m.controlEntry ?? '—'} to {m.destination ?? '—'}. The case cannot be decided until {m.peer} answers or the deadline passes.</p>
              <FormError error={ask.error} />
              {isOfficer(me?.role) && (
                <>
                  <TextArea label={`Question for ${m.peer}`} rows={3} value={question} onChange={(e) => setQuestion(e.target.value)} error={fieldErrors(ask.error).question} />
                  <Button type="submit" disabled={ask.isPending}>Send consultation</Button>
                </>
              )}
            </form>
          ))}
          <DataTable
            caption="Consultations on this case"
            rows={q.data!.consultations}
            rowKey={(c) => c.id}
            empty="None sent yet."
            columns={[
              { key: 'peer', header: 'Authority' },
              { key: 'question', header: 'Question' },
              { key: 'deadline', header: 'Deadline', render: (c) => day(c.deadline) },
              { key: 'status', header: 'Status', render: (c) => <StatusBadge status={c.status} /> },
              { key: 'answer', header: 'Answer', render: (c) => (c.answer ? `${c.answer === 'object' ? 'objects' : 'no objection'}${c.answerComment ? `: ${c.answerComment}` : ''}` : '—') },
            ]}
          />
        </>
      )}
    </RequireRole>
  );
}
