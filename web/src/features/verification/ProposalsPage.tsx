import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Button, ErrorState, FormError, Loading, PageHeader, RequireRole, TextField, fieldErrors } from '../../components';
import { useAuth } from '../../auth';
import { NotForPartners } from './PartnerGuard';
import { OFFICERS, type Proposal, READERS } from './types';

function Decide({ p }: { p: Proposal }) {
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const [deferUntil, setDeferUntil] = useState('');
  const m = useMutation({
    mutationFn: (decision: 'accept' | 'defer' | 'reject') => api.post(`/api/verifications/proposals/${p.id}/decide`, { decision, reason: reason || undefined, deferUntil: decision === 'defer' ? deferUntil : undefined }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['verification-proposals'] }),
  });
  const errs = fieldErrors(m.error);
  return (
    <form aria-label={`Decide proposal for ${p.party.name}`} onSubmit={(e) => e.preventDefault()}>
      <FormError error={m.error} />
      <TextField label={`Reason (${p.party.name})`} value={reason} onChange={(e) => setReason(e.target.value)} error={errs.reason} hint="Needed to defer or reject" />
      <TextField label={`Defer until (${p.party.name})`} type="date" value={deferUntil} onChange={(e) => setDeferUntil(e.target.value)} error={errs.deferUntil} />
      <Button type="button" onClick={() => m.mutate('accept')} disabled={m.isPending}>Accept</Button>{' '}
      <Button type="button" variant="secondary" onClick={() => m.mutate('defer')} disabled={m.isPending}>Defer</Button>{' '}
      <Button type="button" variant="danger" onClick={() => m.mutate('reject')} disabled={m.isPending}>Reject</Button>
    </form>
  );
}

function Proposals() {
  const { me } = useAuth();
  const qc = useQueryClient();
  const officer = (OFFICERS as readonly string[]).includes(me?.role ?? '');
  const q = useQuery({ queryKey: ['verification-proposals'], queryFn: () => api.get<{ total: number; proposals: Proposal[] }>('/api/verifications/proposals?limit=100') });
  const run = useMutation({ mutationFn: () => api.post<{ proposed: number; considered: number }>('/api/verifications/proposals/run'), onSuccess: () => qc.invalidateQueries({ queryKey: ['verification-proposals'] }) });
  return (
    <>
      <PageHeader title="Proposed end-use checks" />
      <p>The scheduler scores every shipped licence's end user by risk each night; each score is explained below. <Link to="/verification">All checks</Link></p>
      {officer && (
        <p>
          <Button type="button" onClick={() => run.mutate()} disabled={run.isPending}>Run the scheduler now</Button>{' '}
          {run.data && <span role="status">{run.data.proposed} new proposal(s) from {run.data.considered} candidate(s).</span>}
        </p>
      )}
      <FormError error={run.error} />
      {q.isLoading ? <Loading /> : q.error ? <ErrorState error={q.error} /> : !q.data!.proposals.length ? <p>No proposals waiting.</p> : (
        q.data!.proposals.map((p) => (
          <section key={p.id} className="panel" aria-label={`Proposal ${p.party.name}`}>
            <h2>{p.party.name} ({p.party.country}) · score {p.score}{p.randomPick ? ' · random pick' : ''}</h2>
            <p>Licence {p.licence.reference} · destination {p.destination ?? '—'}</p>
            <ul>
              {p.explanation.map((f) => <li key={f.factor}>{f.points >= 0 ? '+' : ''}{f.points}: {f.detail}</li>)}
            </ul>
            {officer && <Decide p={p} />}
          </section>
        ))
      )}
    </>
  );
}

export function ProposalsPage() {
  return (
    <RequireRole roles={[...READERS]}>
      <NotForPartners>
        <Proposals />
      </NotForPartners>
    </RequireRole>
  );
}
