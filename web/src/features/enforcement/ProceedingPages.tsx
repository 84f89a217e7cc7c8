import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, qs } from '../../api/client';
import { Button, DataTable, ErrorState, FormError, Loading, PageHeader, PagedTable, RequireRole, SelectField, StatusBadge, TextArea, TextField, fieldErrors, limitOffset, usePagedList } from '../../components';
import { useAuth } from '../../auth';

export const PROCEEDING_READERS = ['enforcement_officer', 'oversight', 'admin', 'senior_officer'] as const;

interface Proceeding {
  id: string; investigationId: string; respondent: string; status: string; charges: string; proposedPenalty: number; currency: string; finalPenalty: number | null;
  noticeAt: string; responseDueOn: string; respondedAt: string | null; hearingOn: string | null; decision: string | null; decisionReasons: string | null; decidedAt: string | null;
  appealedAt: string | null; appealOutcome: string | null; appealDecidedAt: string | null; publicSummary: string | null; publishedAt: string | null;
  calculation: { steps: { step: string; explanation: string; amount: number | null; citation: string }[] };
}

/** Notice of charges from an investigation (US BIS guidance, newest version). */
export function ChargeForm({ investigationId }: { investigationId: string }) {
  const navigate = useNavigate();
  const [f, setF] = useState({ respondent: '', charges: '', transactionValue: '', egregious: 'no', vsd: 'no' });
  const m = useMutation({
    mutationFn: () =>
      api.post<{ id: string }>(`/api/enforcement/investigations/${investigationId}/proceedings`, {
        respondent: f.respondent,
        charges: f.charges,
        calculation: { pack: 'us-bis', transactionValue: f.transactionValue === '' ? undefined : Number(f.transactionValue), egregious: f.egregious === 'yes', voluntarySelfDisclosure: f.vsd === 'yes' },
      }),
    onSuccess: (r) => navigate(`/enforcement/proceedings/${r.id}`),
  });
  const errs = fieldErrors(m.error);
  const yesNo = [{ value: 'no', label: 'No' }, { value: 'yes', label: 'Yes' }];
  return (
    <form aria-label="Notice of charges" onSubmit={(e) => (e.preventDefault(), m.mutate())}>
      <FormError error={m.error} />
      <TextField label="Respondent" value={f.respondent} onChange={(e) => setF({ ...f, respondent: e.target.value })} error={errs.respondent} />
      <TextArea label="Charges" rows={3} value={f.charges} onChange={(e) => setF({ ...f, charges: e.target.value })} error={errs.charges} />
      <TextField label="Transaction value (USD)" inputMode="decimal" value={f.transactionValue} onChange={(e) => setF({ ...f, transactionValue: e.target.value })} error={errs['calculation.transactionValue']} />
      <SelectField label="Egregious?" value={f.egregious} onChange={(e) => setF({ ...f, egregious: e.target.value })} options={yesNo} />
      <SelectField label="Voluntarily self-disclosed?" value={f.vsd} onChange={(e) => setF({ ...f, vsd: e.target.value })} options={yesNo} />
      <Button type="submit" disabled={m.isPending}>Issue notice of charges</Button>
    </form>
  );
}

function ProceedingList() {
  const navigate = useNavigate();
  const list = usePagedList<Proceeding>(['enforcement-proceedings'], async (r) => {
    const d = await api.get<{ total: number; proceedings: Proceeding[] }>(`/api/enforcement/proceedings${qs(limitOffset(r))}`);
    return { rows: d.proceedings, total: d.total };
  });
  return (
    <PagedTable
      list={list}
      rowKey={(p) => p.id}
      onRowClick={(p) => navigate(`/enforcement/proceedings/${p.id}`)}
      empty={<p>No proceedings yet.</p>}
      columns={[
        { key: 'respondent', header: 'Respondent' },
        { key: 'status', header: 'Status', render: (p) => <StatusBadge status={p.status} /> },
        { key: 'noticeAt', header: 'Notice', render: (p) => p.noticeAt.slice(0, 10) },
        { key: 'proposedPenalty', header: 'Penalty', render: (p) => `${p.currency} ${(p.finalPenalty ?? p.proposedPenalty).toLocaleString('en')}` },
      ]}
    />
  );
}

export function ProceedingsPage() {
  return (
    <RequireRole roles={[...PROCEEDING_READERS]}>
      <PageHeader title="Proceedings" />
      <ProceedingList />
    </RequireRole>
  );
}

/** The next due-process step the caller may record, as one small form. */
function NextStep({ p }: { p: Proceeding }) {
  const { me } = useAuth();
  const qc = useQueryClient();
  const [text, setText] = useState('');
  const [choice, setChoice] = useState('upheld');
  const [amount, setAmount] = useState('');
  const m = useMutation({
    mutationFn: ({ path, body }: { path: string; body: object }) => api.post(`/api/enforcement/proceedings/${p.id}/${path}`, body),
    onSuccess: () => (setText(''), qc.invalidateQueries({ queryKey: ['enforcement-proceeding', p.id] })),
  });
  const officer = me?.role === 'enforcement_officer';
  const senior = me?.role === 'senior_officer';
  const penalty = amount === '' ? {} : { finalPenalty: Number(amount) };
  const decision = ['upheld', 'reduced', 'dismissed'].includes(choice) ? choice : 'upheld';
  const appealOutcome = ['dismissed', 'allowed', 'varied'].includes(choice) ? choice : 'dismissed';
  const step =
    officer && p.status === 'charged' ? { title: 'Record the response', label: 'Respondent\'s answer', path: 'response', body: { response: text } }
    : officer && p.status === 'responded' ? { title: 'Schedule the hearing', label: 'Hearing date (YYYY-MM-DD)', path: 'hearing', body: { hearingOn: text } }
    : senior && ['charged', 'responded', 'hearing_scheduled'].includes(p.status) ? { title: 'Decide', label: 'Reasons', path: 'decision', body: { decision, reasons: text, ...penalty }, choices: ['upheld', 'reduced', 'dismissed'] }
    : officer && p.status === 'decided' ? { title: 'Record an appeal, or publish after the appeal period', label: 'Appeal grounds, or the anonymised public summary', path: 'appeal', body: { grounds: text }, alt: { path: 'publish', body: { publicSummary: text }, label: 'Publish summary' } }
    : senior && p.status === 'appealed' ? { title: 'Decide the appeal', label: 'Reasons', path: 'appeal-decision', body: { outcome: appealOutcome, reasons: text, ...penalty }, choices: ['dismissed', 'allowed', 'varied'] }
    : officer && p.status === 'appeal_decided' ? { title: 'Publish', label: 'Anonymised public summary', path: 'publish', body: { publicSummary: text } }
    : null;
  if (!step) return null;
  const errs = fieldErrors(m.error);
  return (
    <form className="panel" aria-label="Next step" onSubmit={(e) => (e.preventDefault(), m.mutate(step))}>
      <h2>{step.title}</h2>
      <FormError error={m.error} />
      {'choices' in step && step.choices && <SelectField label="Outcome" value={step.path === 'decision' ? decision : appealOutcome} onChange={(e) => setChoice(e.target.value)} options={step.choices.map((c) => ({ value: c, label: c }))} />}
      <TextArea label={step.label} rows={3} value={text} onChange={(e) => setText(e.target.value)} error={Object.values(errs)[0]} />
      {'choices' in step && <TextField label="Final penalty (optional)" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />}
      <Button type="submit" disabled={!text.trim() || m.isPending}>{step.path === 'publish' ? 'Publish summary' : 'Record'}</Button>
      {'alt' in step && step.alt && <> <Button type="button" variant="secondary" disabled={!text.trim() || m.isPending} onClick={() => m.mutate(step.alt!)}>{step.alt.label}</Button></>}
    </form>
  );
}

function ProceedingDetail({ id }: { id: string }) {
  const q = useQuery({ queryKey: ['enforcement-proceeding', id], queryFn: () => api.get<Proceeding>(`/api/enforcement/proceedings/${id}`) });
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} />;
  const p = q.data;
  const dates: [string, string | null][] = [
    ['Notice of charges', p.noticeAt], ['Response due', p.responseDueOn], ['Responded', p.respondedAt], ['Hearing', p.hearingOn], ['Decided', p.decidedAt],
    ['Appealed', p.appealedAt], ['Appeal decided', p.appealDecidedAt], ['Published', p.publishedAt],
  ];
  return (
    <>
      <PageHeader title={`Proceeding: ${p.respondent}`}><StatusBadge status={p.status} /></PageHeader>
      <p className="prewrap">{p.charges}</p>
      <section className="panel" aria-label="Due process record">
        <h2>Due process</h2>
        <ul>{dates.filter(([, d]) => d).map(([label, d]) => <li key={label}>{label}: {d!.slice(0, 10)}</li>)}</ul>
        {p.decision && <p>Decision: {p.decision}: {p.decisionReasons}</p>}
        {p.appealOutcome && <p>Appeal: {p.appealOutcome}</p>}
        <p>Penalty: {p.currency} {(p.finalPenalty ?? p.proposedPenalty).toLocaleString('en')}{p.finalPenalty !== null ? ` (proposed ${p.proposedPenalty.toLocaleString('en')})` : ''}</p>
        {p.publicSummary && <p>Published summary: {p.publicSummary}</p>}
      </section>
      <NextStep p={p} />
      <section className="panel">
        <h2>Penalty calculation</h2>
        <DataTable rows={p.calculation.steps} rowKey={(s) => `${s.step}-${s.explanation}`} columns={[{ key: 'step', header: 'Step' }, { key: 'explanation', header: 'How' }, { key: 'amount', header: 'Amount', render: (s) => (s.amount === null ? '—' : s.amount.toLocaleString('en')) }, { key: 'citation', header: 'Source' }]} />
      </section>
    </>
  );
}

export function ProceedingPage() {
  const { id } = useParams();
  return (
    <RequireRole roles={[...PROCEEDING_READERS]}>
      <ProceedingDetail id={id!} />
    </RequireRole>
  );
}
