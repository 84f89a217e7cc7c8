import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Button, EmptyState, FormError, PageHeader, RequireRole, SelectField, TextField, fieldErrors } from '../../components';
import { ExplanationView } from './Explanation';
import { BatchPanel } from './BatchPanel';
import type { Match } from './types';
import { ListFreshness, type ListVersionInfo } from './ListFreshness';

export function SearchPage() {
  const [form, setForm] = useState({ name: '', type: '', country: '', dateOfBirth: '', threshold: '', limit: '' });
  const m = useMutation({
    mutationFn: () =>
      api.post<{ matches: Match[]; listVersions: Record<string, ListVersionInfo>; warnings: string[] }>('/api/screening/search', {
        name: form.name,
        ...(form.type ? { type: form.type } : {}),
        ...(form.country ? { country: form.country } : {}),
        ...(form.dateOfBirth ? { dateOfBirth: form.dateOfBirth } : {}),
        ...(form.threshold ? { threshold: Number(form.threshold) } : {}),
        ...(form.limit ? { limit: Number(form.limit) } : {}),
      }),
  });
  const errs = fieldErrors(m.error);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate();
  };
  return (
    <RequireRole roles="all">
      <PageHeader title="Restricted-party screening" />
      <form onSubmit={submit} className="form-grid" aria-label="Screen a name">
        <TextField label="Name" value={form.name} onChange={set('name')} error={errs.name} required />
        <SelectField label="Type" value={form.type} onChange={set('type')} error={errs.type} options={[{ value: '', label: 'Any' }, { value: 'person', label: 'Person' }, { value: 'organization', label: 'Organisation' }, { value: 'vessel', label: 'Vessel' }, { value: 'aircraft', label: 'Aircraft' }]} />
        <TextField label="Country" hint="ISO code or name" value={form.country} onChange={set('country')} error={errs.country} />
        <TextField label="Date of birth" hint="YYYY, YYYY-MM or YYYY-MM-DD" value={form.dateOfBirth} onChange={set('dateOfBirth')} error={errs.dateOfBirth} />
        <TextField label="Threshold" hint="0 to 1; default 0.8" value={form.threshold} onChange={set('threshold')} error={errs.threshold} inputMode="decimal" />
        <TextField label="Limit" hint="at most this many matches" value={form.limit} onChange={set('limit')} error={errs.limit} inputMode="numeric" />
        <Button type="submit" disabled={m.isPending}>
          {m.isPending ? 'Screening…' : 'Screen'}
        </Button>
      </form>
      <FormError error={m.error} />
      {m.data && (
        <section aria-label="Matches">
          <h2>{m.data.matches.length} match{m.data.matches.length === 1 ? '' : 'es'}</h2>
          <ListFreshness listVersions={m.data.listVersions} warnings={m.data.warnings} />
          {m.data.matches.length === 0 ? (
            <EmptyState title="No listed party scores above the threshold" />
          ) : (
            <ol className="matches" data-testid="matches">
              {m.data.matches.map((x) => (
                <li key={x.entityId} className="match">
                  <div>
                    <strong>{x.name}</strong> · score <span data-testid="score">{x.score.toFixed(3)}</span> · {x.list ?? x.source} ({x.source}) · {x.schema}
                  </div>
                  <div>
                    Matched name: {x.matchedName} · <Link to={`/screening/profiles/${encodeURIComponent(x.entityId)}`}>profile across lists</Link>
                  </div>
                  <details>
                    <summary>Why this match</summary>
                    <ExplanationView e={x.explanation} />
                    <p className="hint">
                      Entity {x.entityId}, list version {x.listVersion}
                    </p>
                  </details>
                </li>
              ))}
            </ol>
          )}
        </section>
      )}
      <BatchPanel />
    </RequireRole>
  );
}
