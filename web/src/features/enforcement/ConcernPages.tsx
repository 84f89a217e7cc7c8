import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, qs } from '../../api/client';
import { Button, ErrorState, FormError, Loading, PageHeader, PagedTable, RequireRole, StatusBadge, TextArea, fieldErrors, limitOffset, usePagedList } from '../../components';
import { useAuth } from '../../auth';
import { CATEGORIES, type Thread } from './hotline';

export const READERS = ['enforcement_officer', 'oversight', 'admin'] as const;
const category = (c: string) => CATEGORIES.find((x) => x.value === c)?.label ?? c;

interface ConcernRow { id: string; receipt: string; category: string; subject: string | null; country: string | null; status: string; investigationId: string | null; createdAt: string; updatedAt: string }

function ConcernList() {
  const navigate = useNavigate();
  const list = usePagedList<ConcernRow>(['enforcement-concerns'], async (r) => {
    const d = await api.get<{ total: number; concerns: ConcernRow[] }>(`/api/enforcement/concerns${qs(limitOffset(r))}`);
    return { rows: d.concerns, total: d.total };
  });
  return (
    <PagedTable
      list={list}
      rowKey={(c) => c.id}
      onRowClick={(c) => navigate(`/enforcement/concerns/${c.id}`)}
      empty={<p>No reports yet.</p>}
      columns={[
        { key: 'receipt', header: 'Receipt' },
        { key: 'category', header: 'About', render: (c) => category(c.category) },
        { key: 'subject', header: 'Subject', render: (c) => c.subject ?? '—' },
        { key: 'status', header: 'Status', render: (c) => <StatusBadge status={c.status} /> },
        { key: 'updatedAt', header: 'Last activity', render: (c) => c.updatedAt.slice(0, 10) },
      ]}
    />
  );
}

/** Hotline reports for investigators. */
export function ConcernsPage() {
  return (
    <RequireRole roles={[...READERS]}>
      <PageHeader title="Hotline reports" />
      <ConcernList />
    </RequireRole>
  );
}

type Concern = Thread & { id: string; receipt: string; subject: string | null; country: string | null; description: string; contact: { channel: string; value: string } | null; investigationId: string | null };

function ConcernDetail({ id }: { id: string }) {
  const { me } = useAuth();
  const qc = useQueryClient();
  const [question, setQuestion] = useState('');
  const q = useQuery({ queryKey: ['enforcement-concern', id], queryFn: () => api.get<Concern>(`/api/enforcement/concerns/${id}`) });
  const ask = useMutation({ mutationFn: () => api.post(`/api/enforcement/concerns/${id}/messages`, { body: question }), onSuccess: () => (setQuestion(''), qc.invalidateQueries({ queryKey: ['enforcement-concern', id] })) });
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} />;
  const c = q.data;
  return (
    <>
      <PageHeader title={`Report ${c.receipt}`}><StatusBadge status={c.status} /></PageHeader>
      <section className="panel">
        <p><strong>{category(c.category)}</strong>{c.subject ? ` · ${c.subject}` : ''}{c.country ? ` · ${c.country}` : ''} · received {c.createdAt.slice(0, 10)}</p>
        <p className="prewrap">{c.description}</p>
        <p>Contact: {c.contact ? `${c.contact.channel}: ${c.contact.value}` : 'none given (anonymous)'}</p>
        {c.files.length > 0 && (
          <ul>
            {c.files.map((f) => (
              <li key={f.id}><a href={`/api/enforcement/concerns/${c.id}/files/${f.id}`}>{f.contentType} · {Math.ceil(f.size / 1024)} KB</a> · SHA-256 <code>{f.sha256.slice(0, 16)}…</code> · removed: {f.removed.join(', ') || 'nothing found'}</li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-label="Conversation">
        <h2>Conversation</h2>
        {c.messages.length === 0 ? <p>No messages yet.</p> : (
          <ol className="messages">{c.messages.map((m) => <li key={m.id}><strong>{m.author === 'reporter' ? 'Reporter' : 'Investigator'}</strong> ({m.createdAt.slice(0, 16).replace('T', ' ')}): {m.body}</li>)}</ol>
        )}
        {me?.role === 'enforcement_officer' && c.status !== 'closed' && (
          <form aria-label="Ask the reporter" onSubmit={(e) => (e.preventDefault(), ask.mutate())}>
            <FormError error={ask.error} />
            <TextArea label="Question for the reporter" rows={3} value={question} onChange={(e) => setQuestion(e.target.value)} error={fieldErrors(ask.error).body} />
            <Button type="submit" disabled={!question.trim() || ask.isPending}>Send question</Button>
          </form>
        )}
      </section>
    </>
  );
}

export function ConcernPage() {
  const { id } = useParams();
  return (
    <RequireRole roles={[...READERS]}>
      <ConcernDetail id={id!} />
    </RequireRole>
  );
}
