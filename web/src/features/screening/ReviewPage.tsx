import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, qs } from '../../api/client';
import { Button, DataTable, EmptyState, ErrorState, FormError, Loading, PageHeader, RequireRole, SelectField, StatusBadge, TextField, fieldErrors } from '../../components';
import { useAuth } from '../../auth';
import { Link } from 'react-router';
import { ExplanationView } from './Explanation';
import { PARTY_READERS, type Hit, type Party } from './types';

function DecisionForm({ hit }: { hit: Hit }) {
  const qc = useQueryClient();
  const [decision, setDecision] = useState('false_positive');
  const [reason, setReason] = useState('');
  const m = useMutation({
    mutationFn: () => api.post(`/api/screening/hits/${hit.id}/decision`, { decision, reason }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['screening'] }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate();
  };
  return (
    <form onSubmit={submit} aria-label={`Decide hit ${hit.name} for ${hit.partyName ?? ''}`} className="inline-form">
      <SelectField label="Decision" value={decision} onChange={(e) => setDecision(e.target.value)} options={[{ value: 'false_positive', label: 'False positive' }, { value: 'true_match', label: 'True match' }, { value: 'escalate', label: 'Escalate' }]} />
      <TextField label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} error={fieldErrors(m.error).reason} required />
      <Button type="submit" disabled={m.isPending}>
        Record decision
      </Button>
      <FormError error={m.error && !fieldErrors(m.error).reason ? m.error : null} />
    </form>
  );
}

export function ReviewPage() {
  const { me } = useAuth();
  const [status, setStatus] = useState('pending');
  const q = useQuery({ queryKey: ['screening', 'hits', status], queryFn: () => api.get<{ hits: Hit[] }>(`/api/screening/hits${qs({ status })}`) });
  const mayDecide = me && ['licensing_officer', 'senior_officer', 'exporter_admin', 'exporter'].includes(me.role);
  return (
    <RequireRole roles={[...PARTY_READERS]}>
      <PageHeader title="Screening review queue" />
      <SelectField label="Show" value={status} onChange={(e) => setStatus(e.target.value)} options={[{ value: 'pending', label: 'Waiting for a decision' }, { value: 'escalated', label: 'Escalated' }, { value: 'true_match', label: 'True matches' }, { value: 'false_positive', label: 'False positives' }, { value: 'withdrawn', label: 'Withdrawn (no longer matching)' }]} />
      {q.isLoading ? <Loading /> : q.error ? <ErrorState error={q.error} /> : !q.data!.hits.length ? <EmptyState title="No hits here" /> : (
        <ul className="hits" data-testid="hits">
          {q.data!.hits.map((h) => (
            <li key={h.id} className="hit card">
              <div>
                <Link to={`/screening/parties/${h.partyId}`}>
                  <strong>{h.partyName}</strong>
                </Link>{' '}
                may be <strong>{h.name}</strong> ({h.list ?? h.source}) · score {h.score.toFixed(3)} · <StatusBadge status={h.status} />
              </div>
              {h.reason && <div>Reason: {h.reason}</div>}
              <details>
                <summary>Why this hit</summary>
                <ExplanationView e={h.explanation} />
                <p className="hint">List version {h.listVersion}</p>
              </details>
              {mayDecide && (h.status === 'open' || h.status === 'escalated') && <DecisionForm hit={h} />}
            </li>
          ))}
        </ul>
      )}
    </RequireRole>
  );
}

export function PartiesPage() {
  const qc = useQueryClient();
  const [form, setForm] = useState({ name: '', type: '', country: '' });
  const q = useQuery({ queryKey: ['screening', 'parties'], queryFn: () => api.get<{ parties: Party[] }>('/api/screening/parties') });
  const m = useMutation({
    mutationFn: () => api.post<{ party: Party; hits: Hit[] }>('/api/screening/parties', { name: form.name, ...(form.type ? { type: form.type } : {}), ...(form.country ? { country: form.country } : {}) }),
    onSuccess: () => {
      setForm({ name: '', type: '', country: '' });
      void qc.invalidateQueries({ queryKey: ['screening'] });
    },
  });
  const errs = fieldErrors(m.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate();
  };
  return (
    <RequireRole roles={[...PARTY_READERS]}>
      <PageHeader title="Counterparties" />
      <form onSubmit={submit} className="form-grid" aria-label="Add a counterparty">
        <TextField label="Counterparty name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} error={errs.name} required />
        <SelectField label="Counterparty type" value={form.type} onChange={(e) => setForm({ ...form, type: e.target.value })} options={[{ value: '', label: 'Unknown' }, { value: 'person', label: 'Person' }, { value: 'organization', label: 'Organisation' }]} />
        <TextField label="Counterparty country" value={form.country} onChange={(e) => setForm({ ...form, country: e.target.value })} error={errs.country} />
        <Button type="submit" disabled={m.isPending}>
          Add and screen
        </Button>
      </form>
      <FormError error={m.error && !Object.keys(errs).length ? m.error : null} />
      {m.data && (
        <p role="status" data-testid="party-result">
          {m.data.party.name}: {m.data.hits.length ? `${m.data.hits.length} possible match(es) sent to the review queue` : 'no match, clear'}
        </p>
      )}
      {q.isLoading ? <Loading /> : q.error ? <ErrorState error={q.error} /> : (
        <DataTable
          caption="Stored parties"
          rows={q.data!.parties}
          rowKey={(p) => p.id}
          columns={[
            { key: 'name', header: 'Name', render: (p) => <Link to={`/screening/parties/${p.id}`}>{p.name}</Link> },
            { key: 'subjectType', header: 'Kind' },
            { key: 'country', header: 'Country', render: (p) => p.country ?? '' },
            { key: 'status', header: 'Status', render: (p) => <StatusBadge status={p.status} /> },
            { key: 'lastScreenedAt', header: 'Last screened', render: (p) => p.lastScreenedAt ?? 'never' },
          ]}
        />
      )}
    </RequireRole>
  );
}
