import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Button, ErrorState, FormError, Loading, PageHeader, RequireRole, StatusBadge, TextField, fieldErrors } from '../../components';
import { useAuth } from '../../auth';
import { NotForPartners } from './PartnerGuard';
import { type Listing, OFFICERS, READERS } from './types';

function Actions({ l }: { l: Listing }) {
  const qc = useQueryClient();
  const [f, setF] = useState({ reason: '', reviewOn: '', checkId: '' });
  const m = useMutation({
    mutationFn: (action: 'confirm' | 'reject' | 'remove') => api.post(`/api/verifications/unverified/${l.id}/${action}`, action === 'confirm' ? { reason: f.reason, reviewOn: f.reviewOn } : action === 'remove' ? { reason: f.reason, checkId: f.checkId } : { reason: f.reason }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['verification-unverified'] }),
  });
  const errs = fieldErrors(m.error);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  return (
    <form aria-label={`Decide listing of ${l.party.name}`} onSubmit={(e) => e.preventDefault()}>
      <FormError error={m.error} />
      <TextField label={`Reason (${l.party.name})`} value={f.reason} onChange={set('reason')} error={errs.reason} />
      {l.status === 'proposed' ? (
        <>
          <TextField label={`Review on (${l.party.name})`} type="date" value={f.reviewOn} onChange={set('reviewOn')} error={errs.reviewOn} />
          <Button type="button" onClick={() => m.mutate('confirm')} disabled={m.isPending}>Confirm listing</Button>{' '}
          <Button type="button" variant="secondary" onClick={() => m.mutate('reject')} disabled={m.isPending}>Do not list</Button>
        </>
      ) : (
        <>
          <TextField label={`Favourable check id (${l.party.name})`} value={f.checkId} onChange={set('checkId')} error={errs.checkId} hint="A later check on this party reported as verified" />
          <Button type="button" variant="danger" onClick={() => m.mutate('remove')} disabled={m.isPending}>Remove from the list</Button>
        </>
      )}
    </form>
  );
}

function Listings() {
  const { me } = useAuth();
  const officer = (OFFICERS as readonly string[]).includes(me?.role ?? '');
  const q = useQuery({ queryKey: ['verification-unverified'], queryFn: () => api.get<{ total: number; listings: Listing[] }>('/api/verifications/unverified?limit=200') });
  return (
    <>
      <PageHeader title="Unverified List" />
      <p>Parties whose end use could not be verified. Listed parties are screened like any restricted-party list (source clearway-unverified). <Link to="/verification">All checks</Link></p>
      {q.isLoading ? <Loading /> : q.error ? <ErrorState error={q.error} /> : !q.data!.listings.length ? <p>Nobody is proposed or listed.</p> : (
        q.data!.listings.map((l) => (
          <section key={l.id} className="panel" aria-label={`Listing ${l.party.name}`}>
            <h2>{l.party.name} ({l.party.country}) <StatusBadge status={l.status} /></h2>
            <p>
              From <Link to={`/verification/checks/${l.checkId}`}>the check</Link>
              {l.reason ? ` · ${l.reason}` : ''}
              {l.reviewOn ? ` · review on ${l.reviewOn}` : ''}
            </p>
            {officer && (l.status === 'proposed' || l.status === 'listed') && <Actions l={l} />}
          </section>
        ))
      )}
    </>
  );
}

export function UnverifiedPage() {
  return (
    <RequireRole roles={[...READERS]}>
      <NotForPartners>
        <Listings />
      </NotForPartners>
    </RequireRole>
  );
}
