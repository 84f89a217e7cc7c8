import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Button, DataTable, ErrorState, fieldErrors, FormError, Loading, PageHeader, RequireRole, SelectField, TextField } from '../../components';
import { hasRole, useAuth } from '../../auth';
import { DECIDERS, READERS } from './AlertsPage';
import type { TargetList } from './types';

function Draw() {
  const qc = useQueryClient();
  const [list, setList] = useState<'shipments' | 'exporters'>('shipments');
  const [size, setSize] = useState('20');
  const [share, setShare] = useState('10');
  const draw = useMutation({
    mutationFn: () => api.post<TargetList>('/api/risk/targeting', { list, size: Number(size), deterrenceShare: Number(share) / 100 }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['risk-targeting'] }),
  });
  const errs = fieldErrors(draw.error);
  return (
    <form className="panel" aria-label="Draw a targeting list" onSubmit={(e) => { e.preventDefault(); draw.mutate(); }}>
      <FormError error={draw.error} />
      <SelectField label="List" value={list} onChange={(e) => setList(e.target.value as 'shipments' | 'exporters')} options={[{ value: 'shipments', label: 'Shipments for physical inspection' }, { value: 'exporters', label: 'Exporters for compliance audit' }]} />
      <TextField label="How many" type="number" min={1} max={500} value={size} onChange={(e) => setSize(e.target.value)} error={errs.size} />
      <TextField label="Random share for deterrence (%)" type="number" min={0} max={100} value={share} onChange={(e) => setShare(e.target.value)} error={errs.deterrenceShare} />
      <Button type="submit" disabled={draw.isPending}>Draw the list</Button>
    </form>
  );
}

function Lists() {
  const q = useQuery({ queryKey: ['risk-targeting'], queryFn: () => api.get<{ lists: TargetList[] }>('/api/risk/targeting?limit=3') });
  if (q.isLoading) return <Loading />;
  if (q.error) return <ErrorState error={q.error} />;
  if (!q.data!.lists.length) return <p>No list drawn yet.</p>;
  return (
    <>
      {q.data!.lists.map((l) => (
        <section key={l.id} aria-label={`Targeting list ${l.createdAt}`}>
          <h2>{l.list === 'shipments' ? 'Shipments for inspection' : 'Exporters for audit'} · {new Date(l.createdAt).toLocaleString('en-GB')}</h2>
          <DataTable
            caption={`${l.items.length} chosen, ${Math.round(l.deterrenceShare * 100)} % at random`}
            rows={l.items}
            rowKey={(i) => `${i.rank}`}
            columns={[
              { key: 'rank', header: '#', render: (i) => i.rank },
              { key: 'subject', header: l.list === 'shipments' ? 'Declaration' : 'Exporter', render: (i) => i.subject.reference },
              { key: 'score', header: 'Score', render: (i) => (i.random ? 'random' : i.score) },
              { key: 'reasons', header: 'Reasons', render: (i) => i.reasons.join('; ') },
            ]}
          />
        </section>
      ))}
    </>
  );
}

/** Targeting: ranked by risk, plus a random share so that low risk is no guarantee of never being checked. */
export function TargetingPage() {
  const { me } = useAuth();
  return (
    <RequireRole roles={[...READERS]}>
      <PageHeader title="Targeting lists" />
      {me && hasRole(me, [...DECIDERS]) && <Draw />}
      <Lists />
    </RequireRole>
  );
}
