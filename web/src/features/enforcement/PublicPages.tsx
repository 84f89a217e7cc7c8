import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Button, DataTable, ErrorState, FormError, Loading, PageHeader, SelectField, TextArea, TextField, fieldErrors } from '../../components';
import { CATEGORIES, hotline, type Thread } from './hotline';

/** The anonymous report form: no sign-in; shows the receipt and passphrase once. */
export function ReportConcernPage() {
  const [form, setForm] = useState({ category: 'unlicensed_export', subject: '', country: '', description: '', contactChannel: '', contactValue: '' });
  const [file, setFile] = useState<File | null>(null);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = useMutation({
    mutationFn: async () => {
      const body = {
        category: form.category,
        description: form.description,
        ...(form.subject.trim() ? { subject: form.subject } : {}),
        ...(form.country.trim() ? { country: form.country.trim().toUpperCase() } : {}),
        ...(form.contactChannel ? { contact: { channel: form.contactChannel, value: form.contactValue } } : {}),
      };
      const r = await hotline<{ receipt: string; passphrase: string }>('POST', '/api/public/concerns', '', body);
      let fileError: string | null = null;
      if (file) {
        const fd = new FormData();
        fd.append('file', file);
        // The report is already filed: a refused file must not hide the receipt.
        await hotline('POST', `/api/public/concerns/${r.receipt}/files`, r.passphrase, fd).catch((e: Error & { fields?: Record<string, string> }) => {
          fileError = e.fields?.file ? `The file was not stored: it ${e.fields.file}` : `The file was not stored: ${e.message}`;
        });
      }
      return { ...r, fileError };
    },
  });
  const errs = fieldErrors(submit.error);
  if (submit.data)
    return (
      <>
        <PageHeader title="Your report was received" />
        <section className="panel" aria-label="Your receipt">
          {submit.data.fileError && <p className="field-error" role="alert">{submit.data.fileError}. You can add it again from Check your report.</p>}
          <p>Keep both of these. They are the only way back to your report, and we cannot show them again or recover them.</p>
          <dl>
            <dt>Receipt</dt>
            <dd><code data-testid="receipt">{submit.data.receipt}</code></dd>
            <dt>Passphrase</dt>
            <dd><code data-testid="passphrase">{submit.data.passphrase}</code></dd>
          </dl>
          <p>Come back to <Link to="/hotline/check">Check your report</Link> in a few days to read any questions from the investigators.</p>
        </section>
      </>
    );
  return (
    <>
      <PageHeader title="Report a concern" />
      <p>You do not need an account. We do not record your address, browser or who is signed in, and we remove hidden information (such as location or author) from files before we store them. Leave contact details only if you want us to reach you.</p>
      <form className="panel" aria-label="Report a concern" onSubmit={(e) => (e.preventDefault(), submit.mutate())}>
        <FormError error={submit.error} />
        <SelectField label="What is it about?" value={form.category} onChange={set('category')} options={CATEGORIES} error={errs.category} />
        <TextField label="Who or what is involved (optional)" value={form.subject} onChange={set('subject')} error={errs.subject} />
        <TextField label="Country code (optional)" hint="Two letters, e.g. DE" value={form.country} onChange={set('country')} maxLength={2} error={errs.country} />
        <TextArea label="What happened?" hint="At least 20 characters: what, when, where, how you know" rows={6} value={form.description} onChange={set('description')} error={errs.description} />
        <div className="field">
          <label htmlFor="concern-file">A file (optional)</label>
          <span className="hint">PDF, PNG, JPEG or text, up to 10 MB</span>
          <input id="concern-file" type="file" accept=".pdf,.png,.jpg,.jpeg,.txt" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </div>
        <SelectField label="May we contact you? (optional)" value={form.contactChannel} onChange={set('contactChannel')} options={[{ value: '', label: 'No, stay anonymous' }, { value: 'email', label: 'By email' }, { value: 'phone', label: 'By phone' }, { value: 'post', label: 'By post' }, { value: 'other', label: 'Another way' }]} />
        {form.contactChannel && <TextField label="How to reach you" value={form.contactValue} onChange={set('contactValue')} error={errs['contact.value']} />}
        <Button type="submit" disabled={submit.isPending}>Send report</Button>
      </form>
    </>
  );
}

/** The reporter comes back with the receipt and passphrase: reads questions, answers, adds files. */
export function CheckReportPage() {
  const [creds, setCreds] = useState({ receipt: '', passphrase: '' });
  const [open, setOpen] = useState<{ receipt: string; passphrase: string } | null>(null);
  const [reply, setReply] = useState('');
  const thread = useQuery({
    queryKey: ['hotline-thread', open?.receipt],
    queryFn: () => hotline<Thread>('GET', `/api/public/concerns/${open!.receipt}/messages`, open!.passphrase),
    enabled: !!open,
    retry: false,
  });
  const answer = useMutation({
    mutationFn: () => hotline<Thread>('POST', `/api/public/concerns/${open!.receipt}/messages`, open!.passphrase, { body: reply }),
    onSuccess: () => (setReply(''), thread.refetch()),
  });
  const upload = useMutation({
    mutationFn: (f: File) => {
      const fd = new FormData();
      fd.append('file', f);
      return hotline('POST', `/api/public/concerns/${open!.receipt}/files`, open!.passphrase, fd);
    },
    onSuccess: () => thread.refetch(),
  });
  return (
    <>
      <PageHeader title="Check your report" />
      <form className="panel" aria-label="Open your report" onSubmit={(e) => (e.preventDefault(), setOpen({ receipt: creds.receipt.trim().toUpperCase(), passphrase: creds.passphrase.trim() }))}>
        <TextField label="Receipt" hint="CW-XXXX-XXXX-XXXX" value={creds.receipt} onChange={(e) => setCreds({ ...creds, receipt: e.target.value })} autoComplete="off" />
        <TextField label="Passphrase" type="password" value={creds.passphrase} onChange={(e) => setCreds({ ...creds, passphrase: e.target.value })} autoComplete="off" />
        <Button type="submit">Open</Button>
      </form>
      {open && (thread.isPending ? <Loading /> : thread.error ? <ErrorState error={thread.error} /> : (
        <section className="panel" aria-label="Your report">
          <h2>Report {open.receipt} · {thread.data.status.replace('_', ' ')}</h2>
          {thread.data.messages.length === 0 ? <p>No questions yet. Check again in a few days.</p> : (
            <ol className="messages">
              {thread.data.messages.map((m) => (
                <li key={m.id}><strong>{m.author === 'reporter' ? 'You' : 'Investigator'}</strong> ({m.createdAt.slice(0, 10)}): {m.body}</li>
              ))}
            </ol>
          )}
          {thread.data.files.length > 0 && <p>{thread.data.files.length} file(s) attached; hidden information removed: {[...new Set(thread.data.files.flatMap((f) => f.removed))].join(', ') || 'none found'}.</p>}
          {thread.data.status !== 'closed' && (
            <form aria-label="Answer" onSubmit={(e) => (e.preventDefault(), answer.mutate())}>
              <FormError error={answer.error ?? upload.error} />
              <TextArea label="Your answer" rows={4} value={reply} onChange={(e) => setReply(e.target.value)} error={fieldErrors(answer.error).body} />
              <Button type="submit" disabled={!reply.trim() || answer.isPending}>Send answer</Button>
              <div className="field">
                <label htmlFor="concern-more-file">Add a file</label>
                <input id="concern-more-file" type="file" accept=".pdf,.png,.jpg,.jpeg,.txt" onChange={(e) => e.target.files?.[0] && upload.mutate(e.target.files[0])} />
              </div>
            </form>
          )}
        </section>
      ))}
    </>
  );
}

interface Summary { id: string; publishedAt: string; summary: string; penalty: number | null; currency: string; decision: string | null; appealed: boolean; guidance: string }

/** Published, anonymised enforcement outcomes. */
export function EnforcementSummariesPage() {
  const q = useQuery({ queryKey: ['enforcement-summaries'], queryFn: () => api.get<{ summaries: Summary[] }>('/api/public/enforcement-summaries?limit=200') });
  return (
    <>
      <PageHeader title="Enforcement outcomes" />
      <p>Penalties decided after notice, response, hearing and any appeal, published without the names of those involved.</p>
      {q.isPending ? <Loading /> : q.error ? <ErrorState error={q.error} /> : (
        <DataTable
          rows={q.data.summaries}
          rowKey={(s) => s.id}
          empty={<p>Nothing has been published yet.</p>}
          columns={[
            { key: 'publishedAt', header: 'Published', render: (s) => s.publishedAt.slice(0, 10) },
            { key: 'summary', header: 'Summary' },
            { key: 'penalty', header: 'Penalty', render: (s) => (s.penalty === null ? '—' : `${s.currency} ${s.penalty.toLocaleString('en')}`) },
            { key: 'decision', header: 'Decision', render: (s) => `${s.decision ?? ''}${s.appealed ? ' (appealed)' : ''}` },
            { key: 'guidance', header: 'Guidance' },
          ]}
        />
      )}
    </>
  );
}
