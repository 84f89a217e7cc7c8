import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, qs } from '../../api/client';
import { Button, DataTable, ErrorState, FormError, Loading, PageHeader, PagedTable, RequireRole, SelectField, StatusBadge, TextArea, TextField, fieldErrors, limitOffset, usePagedList } from '../../components';
import { useAuth } from '../../auth';
import { READERS } from './ConcernPages';
import { ChargeForm } from './ProceedingPages';

interface InvRow { id: string; reference: string; title: string; status: string; outcome: string | null; openedAt: string; overlaps: number }
interface Overlap { id: string; party: string; heldBy: string; contact: string; since: string }
interface Investigation {
  id: string; reference: string; title: string; summary: string; status: string; outcome: string | null; contact: string;
  links: { id: string; kind: string; ref: string }[];
  tasks: { id: string; title: string; dueOn: string | null; status: string }[];
  notes: { id: string; body: string; createdAt: string }[];
  evidence: { id: string; description: string; sha256: string; custodian: string; custody: { seq: number; action: string; to: string | null; hashMatches: boolean | null; at: string }[] }[];
  overlaps: Overlap[];
}

function OpenInvestigation() {
  const navigate = useNavigate();
  const [f, setF] = useState({ title: '', summary: '' });
  const m = useMutation({ mutationFn: () => api.post<{ id: string }>('/api/enforcement/investigations', f), onSuccess: (r) => navigate(`/enforcement/investigations/${r.id}`) });
  const errs = fieldErrors(m.error);
  return (
    <form className="panel" aria-label="Open an investigation" onSubmit={(e) => (e.preventDefault(), m.mutate())}>
      <h2>Open an investigation</h2>
      <FormError error={m.error} />
      <TextField label="Title" value={f.title} onChange={(e) => setF({ ...f, title: e.target.value })} error={errs.title} />
      <TextArea label="Summary" rows={3} value={f.summary} onChange={(e) => setF({ ...f, summary: e.target.value })} error={errs.summary} />
      <Button type="submit" disabled={m.isPending}>Open</Button>
    </form>
  );
}

function InvestigationList() {
  const navigate = useNavigate();
  const { me } = useAuth();
  const list = usePagedList<InvRow>(['enforcement-investigations'], async (r) => {
    const d = await api.get<{ total: number; investigations: InvRow[] }>(`/api/enforcement/investigations${qs(limitOffset(r))}`);
    return { rows: d.investigations, total: d.total };
  });
  return (
    <>
      {me?.role === 'enforcement_officer' && <OpenInvestigation />}
      <PagedTable
        list={list}
        rowKey={(i) => i.id}
        onRowClick={(i) => navigate(`/enforcement/investigations/${i.id}`)}
        empty={<p>No investigations yet.</p>}
        columns={[
          { key: 'reference', header: 'Reference' },
          { key: 'title', header: 'Title' },
          { key: 'status', header: 'Status', render: (i) => <StatusBadge status={i.status} /> },
          { key: 'overlaps', header: 'Overlaps', render: (i) => (i.overlaps ? `${i.overlaps} — contact the other side` : '—') },
          { key: 'openedAt', header: 'Opened', render: (i) => i.openedAt.slice(0, 10) },
        ]}
      />
    </>
  );
}

export function InvestigationsPage() {
  return (
    <RequireRole roles={[...READERS]}>
      <PageHeader title="Investigations" />
      <InvestigationList />
    </RequireRole>
  );
}

function LinkForm({ id }: { id: string }) {
  const qc = useQueryClient();
  const [f, setF] = useState({ kind: 'party', ref: '' });
  const m = useMutation({ mutationFn: () => api.post(`/api/enforcement/investigations/${id}/links`, f), onSuccess: () => (setF({ ...f, ref: '' }), qc.invalidateQueries({ queryKey: ['enforcement-investigation', id] })) });
  const kinds = ['party', 'concern', 'alert', 'declaration', 'case', 'licence', 'organisation'].map((k) => ({ value: k, label: k }));
  return (
    <form aria-label="Link a record" onSubmit={(e) => (e.preventDefault(), m.mutate())}>
      <FormError error={m.error} />
      <SelectField label="Kind" value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value })} options={kinds} />
      <TextField label={f.kind === 'party' ? 'Party name' : f.kind === 'concern' ? 'Report id' : 'Reference'} value={f.ref} onChange={(e) => setF({ ...f, ref: e.target.value })} error={fieldErrors(m.error).ref} />
      <Button type="submit" disabled={!f.ref.trim() || m.isPending}>Link</Button>
    </form>
  );
}

function NoteForm({ id }: { id: string }) {
  const qc = useQueryClient();
  const [body, setBody] = useState('');
  const m = useMutation({ mutationFn: () => api.post(`/api/enforcement/investigations/${id}/notes`, { body }), onSuccess: () => (setBody(''), qc.invalidateQueries({ queryKey: ['enforcement-investigation', id] })) });
  return (
    <form aria-label="Add a note" onSubmit={(e) => (e.preventDefault(), m.mutate())}>
      <FormError error={m.error} />
      <TextArea label="Note" rows={2} value={body} onChange={(e) => setBody(e.target.value)} error={fieldErrors(m.error).body} />
      <Button type="submit" disabled={!body.trim() || m.isPending}>Add note</Button>
    </form>
  );
}

function TaskForm({ id }: { id: string }) {
  const qc = useQueryClient();
  const [f, setF] = useState({ title: '', dueOn: '' });
  const m = useMutation({
    mutationFn: () => api.post(`/api/enforcement/investigations/${id}/tasks`, { title: f.title, ...(f.dueOn ? { dueOn: f.dueOn } : {}) }),
    onSuccess: () => (setF({ title: '', dueOn: '' }), qc.invalidateQueries({ queryKey: ['enforcement-investigation', id] })),
  });
  const errs = fieldErrors(m.error);
  return (
    <form aria-label="Add a task" onSubmit={(e) => (e.preventDefault(), m.mutate())}>
      <FormError error={m.error} />
      <TextField label="Task" value={f.title} onChange={(e) => setF({ ...f, title: e.target.value })} error={errs.title} />
      <TextField label="Due" type="date" value={f.dueOn} onChange={(e) => setF({ ...f, dueOn: e.target.value })} error={errs.dueOn} />
      <Button type="submit" disabled={!f.title.trim() || m.isPending}>Add task</Button>
    </form>
  );
}

function EvidenceForm({ id }: { id: string }) {
  const qc = useQueryClient();
  const [f, setF] = useState({ description: '', custodian: '', sha256: '' });
  const m = useMutation({
    mutationFn: () => api.post(`/api/enforcement/investigations/${id}/evidence`, f),
    onSuccess: () => (setF({ description: '', custodian: '', sha256: '' }), qc.invalidateQueries({ queryKey: ['enforcement-investigation', id] })),
  });
  const errs = fieldErrors(m.error);
  return (
    <form aria-label="Record evidence" onSubmit={(e) => (e.preventDefault(), m.mutate())}>
      <FormError error={m.error} />
      <TextField label="Evidence item" value={f.description} onChange={(e) => setF({ ...f, description: e.target.value })} error={errs.description} />
      <TextField label="Held by" value={f.custodian} onChange={(e) => setF({ ...f, custodian: e.target.value })} error={errs.custodian} />
      <TextField label="SHA-256" hint="64 hex digits from your imaging tool" value={f.sha256} onChange={(e) => setF({ ...f, sha256: e.target.value })} error={errs.sha256} />
      <Button type="submit" disabled={m.isPending}>Record evidence</Button>
    </form>
  );
}

function InvestigationDetail({ id }: { id: string }) {
  const { me } = useAuth();
  const q = useQuery({ queryKey: ['enforcement-investigation', id], queryFn: () => api.get<Investigation>(`/api/enforcement/investigations/${id}`) });
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} />;
  const inv = q.data;
  const works = me?.role === 'enforcement_officer' && inv.status !== 'closed';
  return (
    <>
      <PageHeader title={`${inv.reference}: ${inv.title}`}><StatusBadge status={inv.status} /></PageHeader>
      <p className="prewrap">{inv.summary}</p>
      {inv.overlaps.length > 0 && (
        <section className="panel warning" aria-label="Deconfliction overlaps" role="status">
          <h2>Overlap with another investigation</h2>
          <p>Another team or agency is investigating a party you named. Contact them before acting; no details of either investigation have been shared.</p>
          <ul>{inv.overlaps.map((o) => <li key={o.id}><strong>{o.party}</strong>: held by {o.heldBy}; contact {o.contact}</li>)}</ul>
        </section>
      )}
      <section className="panel">
        <h2>Linked records</h2>
        {inv.links.length ? <ul>{inv.links.map((l) => <li key={l.id}>{l.kind}: {l.ref}</li>)}</ul> : <p>Nothing linked yet.</p>}
        {works && <LinkForm id={id} />}
      </section>
      <section className="panel">
        <h2>Evidence</h2>
        <DataTable
          rows={inv.evidence}
          rowKey={(e) => e.id}
          empty={<p>No evidence recorded.</p>}
          columns={[
            { key: 'description', header: 'Item' },
            { key: 'sha256', header: 'SHA-256', render: (e) => <code>{e.sha256.slice(0, 16)}…</code> },
            { key: 'custodian', header: 'Held by' },
            { key: 'custody', header: 'Custody', render: (e) => e.custody.map((c) => `${c.seq}. ${c.action}${c.hashMatches === false ? ' (hash differs!)' : ''}`).join('; ') },
          ]}
        />
        {works && <EvidenceForm id={id} />}
      </section>
      {works && (
        <section className="panel">
          <h2>Charge a respondent</h2>
          <ChargeForm investigationId={id} />
        </section>
      )}
      <section className="panel">
        <h2>Notes and tasks</h2>
        <ul>{inv.tasks.map((t) => <li key={t.id}>{t.status === 'done' ? '✓' : '○'} {t.title}{t.dueOn ? ` (due ${t.dueOn})` : ''}</li>)}</ul>
        <ul>{inv.notes.map((n) => <li key={n.id}>{n.createdAt.slice(0, 10)}: {n.body}</li>)}</ul>
        {works && <TaskForm id={id} />}
        {works && <NoteForm id={id} />}
      </section>
    </>
  );
}

export function InvestigationPage() {
  const { id } = useParams();
  return (
    <RequireRole roles={[...READERS]}>
      <InvestigationDetail id={id!} />
    </RequireRole>
  );
}
