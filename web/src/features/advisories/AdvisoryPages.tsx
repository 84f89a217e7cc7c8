import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Button, CountrySelect, DataTable, ErrorState, FormError, Loading, PageHeader, RequireRole, SelectField, StatusBadge, TextArea, TextField, countryName, fieldErrors } from '../../components';
import { useAuth } from '../../auth';

interface Advisory {
  id: string; reference: string; endUser: { name: string; country: string; address: string | null }; items: string; endUse: string; status: string;
  answer: string | null; reasonCode: string | null; reason: string | null; validUntil: string | null; answeredAt: string | null; createdAt: string; internalNote?: string | null;
  screening?: { screened: boolean; reason: string | null; hits: { list: string; source: string; score: number; matchedName: string | null }[] };
  earlier?: { id: string; reference: string; answer: string | null; reasonCode: string | null; validUntil: string | null }[];
}
const READERS = ['exporter', 'exporter_admin', 'licensing_officer', 'senior_officer', 'admin', 'oversight'] as const;
const REASONS = ['no_known_concern', 'wmd_concern', 'military_end_use', 'diversion_risk', 'sanctions_or_listing', 'unverified_end_user', 'other'];
const answerLabel = (a: string | null) => (a === 'of_concern' ? 'of concern' : a === 'no_concern' ? 'no concern known' : 'waiting for an answer');

function RequestForm() {
  const qc = useQueryClient();
  const [f, setF] = useState({ name: '', country: '', address: '', items: '', endUse: '' });
  const ask = useMutation({
    mutationFn: () => api.post<Advisory>('/api/advisories', { endUser: { name: f.name, country: f.country, address: f.address || null }, items: f.items, endUse: f.endUse }),
    onSuccess: () => { setF({ name: '', country: '', address: '', items: '', endUse: '' }); qc.invalidateQueries({ queryKey: ['advisories'] }); },
  });
  const e = fieldErrors(ask.error);
  return (
    <form className="panel" aria-label="Ask about an end user" onSubmit={(ev) => { ev.preventDefault(); ask.mutate(); }}>
      <h2>Ask about an end user before you apply</h2>
      <FormError error={ask.error} />
      <TextField label="End user's name" value={f.name} onChange={(ev) => setF({ ...f, name: ev.target.value })} error={e['endUser.name']} />
      <CountrySelect label="Country" value={f.country} onChange={(c: string) => setF({ ...f, country: c })} error={e['endUser.country']} />
      <TextField label="Address (optional)" value={f.address} onChange={(ev) => setF({ ...f, address: ev.target.value })} />
      <TextArea label="Items you would export" rows={2} value={f.items} onChange={(ev) => setF({ ...f, items: ev.target.value })} error={e.items} />
      <TextArea label="Intended end use" rows={2} value={f.endUse} onChange={(ev) => setF({ ...f, endUse: ev.target.value })} error={e.endUse} />
      <Button type="submit" disabled={ask.isPending}>Send the question</Button>
      {ask.data && <p role="status">Sent as {ask.data.reference}. You will be notified of the answer.</p>}
    </form>
  );
}

export function AdvisoriesPage() {
  const { me } = useAuth();
  const industry = me?.role === 'exporter' || me?.role === 'exporter_admin';
  const q = useQuery({ queryKey: ['advisories'], queryFn: () => api.get<{ total: number; advisories: Advisory[] }>('/api/advisories?limit=200') });
  return (
    <RequireRole roles={[...READERS]}>
      <PageHeader title="End-user advisories" />
      {industry && <RequestForm />}
      {q.isLoading ? <Loading /> : q.error ? <ErrorState error={q.error} /> : (
        <DataTable
          caption={`${q.data!.total} advisories`}
          rows={q.data!.advisories}
          rowKey={(a) => a.id}
          empty="No advisories yet."
          columns={[
            { key: 'reference', header: 'Reference', render: (a) => <Link to={`/advisories/${a.id}`}>{a.reference}</Link> },
            { key: 'endUser', header: 'End user', render: (a) => `${a.endUser.name} (${countryName(a.endUser.country)})` },
            { key: 'status', header: 'Status', render: (a) => <StatusBadge status={a.answer === 'of_concern' ? 'refused' : a.status} label={answerLabel(a.answer)} /> },
            { key: 'validUntil', header: 'Valid until', render: (a) => a.validUntil ?? '—' },
          ]}
        />
      )}
    </RequireRole>
  );
}

function AnswerForm({ a }: { a: Advisory }) {
  const qc = useQueryClient();
  const [f, setF] = useState({ answer: 'no_concern', reasonCode: 'no_known_concern', reason: '', internalNote: '', validDays: '365' });
  const send = useMutation({ mutationFn: () => api.post(`/api/advisories/${a.id}/answer`, { ...f, validDays: Number(f.validDays) }), onSuccess: () => qc.invalidateQueries({ queryKey: ['advisory', a.id] }) });
  const e = fieldErrors(send.error);
  return (
    <form className="panel" aria-label="Answer the advisory" onSubmit={(ev) => { ev.preventDefault(); send.mutate(); }}>
      <h2>Answer</h2>
      <FormError error={send.error} />
      <SelectField label="Answer" value={f.answer} onChange={(ev) => setF({ ...f, answer: ev.target.value })} options={[{ value: 'no_concern', label: 'No concern known' }, { value: 'of_concern', label: 'Of concern' }]} />
      <SelectField label="Reason code" value={f.reasonCode} onChange={(ev) => setF({ ...f, reasonCode: ev.target.value })} options={REASONS.map((r) => ({ value: r, label: r.replace(/_/g, ' ') }))} />
      <TextArea label="Reason (the exporter reads this)" rows={2} value={f.reason} onChange={(ev) => setF({ ...f, reason: ev.target.value })} error={e.reason} />
      <TextArea label="Internal note (officers only)" rows={2} value={f.internalNote} onChange={(ev) => setF({ ...f, internalNote: ev.target.value })} />
      <TextField label="Valid for (days)" type="number" min={30} max={730} value={f.validDays} onChange={(ev) => setF({ ...f, validDays: ev.target.value })} error={e.validDays} />
      <Button type="submit" disabled={send.isPending}>Send the answer</Button>
    </form>
  );
}

export function AdvisoryPage() {
  const { id } = useParams();
  const { me } = useAuth();
  const q = useQuery({ queryKey: ['advisory', id], queryFn: () => api.get<Advisory>(`/api/advisories/${id}`) });
  const officer = me?.role === 'licensing_officer' || me?.role === 'senior_officer';
  return (
    <RequireRole roles={[...READERS]}>
      <PageHeader title="End-user advisory"><Link to="/advisories">All advisories</Link></PageHeader>
      {q.isLoading ? <Loading /> : q.error ? <ErrorState error={q.error} /> : (() => {
        const a = q.data!;
        return (
          <>
            <section className="panel" aria-label="Question">
              <h2>{a.reference}: {a.endUser.name} ({countryName(a.endUser.country)})</h2>
              <p><strong>Items:</strong> {a.items}</p>
              <p><strong>End use:</strong> {a.endUse}</p>
              <p><strong>Answer:</strong> {answerLabel(a.answer)}{a.reasonCode ? ` (${a.reasonCode.replace(/_/g, ' ')})` : ''}{a.reason ? `: ${a.reason}` : ''}{a.validUntil ? `, valid until ${a.validUntil}` : ''}</p>
              {a.internalNote && <p><strong>Internal note:</strong> {a.internalNote}</p>}
            </section>
            {a.screening && (
              <section className="panel" aria-label="Screening">
                <h2>Screening of the end user</h2>
                {!a.screening.screened ? <p>Not screened: {a.screening.reason}. Screen before answering.</p> : a.screening.hits.length === 0 ? <p>No match on the loaded lists.</p> : (
                  <DataTable rows={a.screening.hits} rowKey={(h) => `${h.source}-${h.matchedName}`} columns={[{ key: 'list', header: 'List' }, { key: 'matchedName', header: 'Listed name' }, { key: 'score', header: 'Score', render: (h) => h.score.toFixed(2) }]} />
                )}
                {a.earlier && a.earlier.length > 0 && <p>Earlier advisories on this end user: {a.earlier.map((x) => `${x.reference} (${answerLabel(x.answer)})`).join(', ')}</p>}
              </section>
            )}
            {officer && a.status === 'open' && <AnswerForm a={a} />}
          </>
        );
      })()}
    </RequireRole>
  );
}
