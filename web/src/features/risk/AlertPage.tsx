import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { Button, DataTable, ErrorState, fieldErrors, FormError, Loading, PageHeader, RequireRole, SelectField, StatusBadge, TextField } from '../../components';
import { hasRole, useAuth } from '../../auth';
import { DECIDERS, READERS } from './AlertsPage';
import { type Alert, signalLabel } from './types';

function Decide({ alert }: { alert: Alert }) {
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const [to, setTo] = useState('investigation');
  const [reference, setReference] = useState('');
  const act = useMutation({
    mutationFn: (action: 'triage' | 'escalate' | 'dismiss') =>
      api.post(`/api/risk/alerts/${alert.id}/${action}`, action === 'dismiss' ? { reason } : action === 'escalate' ? { to, reference: reference || undefined, note: reason || undefined } : { note: reason || undefined }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['risk-alert', alert.id] }),
  });
  const errs = fieldErrors(act.error);
  if (alert.status === 'escalated' || alert.status === 'dismissed') return null;
  return (
    <form className="panel" aria-label="Decide the alert" onSubmit={(e) => e.preventDefault()}>
      <h2>Decide</h2>
      <FormError error={act.error} />
      <TextField label="Reason or note (required to dismiss)" value={reason} onChange={(e) => setReason(e.target.value)} error={errs.reason} />
      <SelectField label="Escalate to" value={to} onChange={(e) => setTo(e.target.value)} options={[{ value: 'investigation', label: 'An investigation' }, { value: 'verification', label: 'An end-use verification' }]} />
      <TextField label="Case reference (optional)" value={reference} onChange={(e) => setReference(e.target.value)} />
      <p>
        {alert.status === 'new' && <><Button type="button" variant="secondary" onClick={() => act.mutate('triage')} disabled={act.isPending}>Mark triaged</Button>{' '}</>}
        <Button type="button" onClick={() => act.mutate('escalate')} disabled={act.isPending}>Escalate</Button>{' '}
        <Button type="button" variant="danger" onClick={() => act.mutate('dismiss')} disabled={act.isPending || !reason.trim()}>Dismiss</Button>
      </p>
    </form>
  );
}

function AlertDetail({ id }: { id: string }) {
  const { me } = useAuth();
  const q = useQuery({ queryKey: ['risk-alert', id], queryFn: () => api.get<Alert>(`/api/risk/alerts/${id}`) });
  if (q.isLoading) return <Loading />;
  if (q.error) return <ErrorState error={q.error} />;
  const a = q.data!;
  return (
    <>
      <PageHeader title={`Alert: ${a.subject.reference}`} />
      <p>
        <StatusBadge status={a.status} /> Score <strong>{a.score}</strong> of 100 · {a.subject.type}
        {a.subject.type === 'declaration' && a.subject.id && <> · <Link to={`/customs/declarations/${a.subject.id}`}>Open the declaration</Link></>}
        {a.subject.type === 'party' && <> · <Link to={`/risk/parties/${encodeURIComponent(a.subject.key)}`}>Party links</Link></>}
      </p>
      {a.statusReason && <p>Reason: {a.statusReason}</p>}
      {a.escalatedTo && <p>Escalated to {a.escalatedTo}{a.escalationReference ? ` (${a.escalationReference})` : ''}</p>}
      <h2>Why</h2>
      <DataTable
        caption="Signals that raised this alert"
        rows={a.explanation}
        rowKey={(e) => e.signal}
        columns={[
          { key: 'signal', header: 'Signal', render: (e) => `${signalLabel(e.signal)}${e.version ? ` (v${e.version})` : ''}` },
          { key: 'weight', header: 'Points', render: (e) => e.weight },
          { key: 'detail', header: 'Detail', render: (e) => e.detail },
        ]}
      />
      {me && hasRole(me, [...DECIDERS]) && <Decide alert={a} />}
      {!!a.labels?.length && (
        <>
          <h2>Labels</h2>
          <ul>
            {a.labels.map((l) => (
              <li key={l.at}>{l.label} {l.reason ? `— ${l.reason}` : ''} ({new Date(l.at).toLocaleString('en-GB')})</li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

export function AlertPage() {
  const { id } = useParams();
  return (
    <RequireRole roles={[...READERS]}>
      <p><Link to="/risk/alerts">← Alerts</Link></p>
      <AlertDetail id={id!} />
    </RequireRole>
  );
}
