import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Button, DataTable, ErrorState, FormError, Loading, PageHeader, RequireRole, StatusBadge, TextArea, TextField, fieldErrors } from '../../components';
import { useAuth } from '../../auth';
import type { OutboxMessage, Peer } from './types';

function AddPeer() {
  const qc = useQueryClient();
  const [f, setF] = useState({ name: '', url: '', publicKey: '' });
  const add = useMutation({
    mutationFn: () => api.post('/api/exchange/peers', f),
    onSuccess: () => {
      setF({ name: '', url: '', publicKey: '' });
      qc.invalidateQueries({ queryKey: ['exchange-peers'] });
    },
  });
  const errs = fieldErrors(add.error);
  return (
    <form className="panel" aria-label="Add a peer authority" onSubmit={(e) => { e.preventDefault(); add.mutate(); }}>
      <h2>Add a peer authority</h2>
      <FormError error={add.error} />
      <TextField label="Name" value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} error={errs.name} required />
      <TextField label="Base URL" hint="e.g. https://licensing.example.gov" value={f.url} onChange={(e) => setF({ ...f, url: e.target.value })} error={errs.url} required />
      <TextArea label="Public key (PEM)" hint="The peer prints it with: clearway exchange keys show" rows={4} value={f.publicKey} onChange={(e) => setF({ ...f, publicKey: e.target.value })} error={errs.publicKey} required />
      <Button type="submit" disabled={add.isPending}>Add peer</Button>
      {add.isSuccess && <p role="status">Peer added.</p>}
    </form>
  );
}

/** Administrators: our key, the peers we talk to, and the outbox. Oversight reads. */
export function PeersPage() {
  const { me } = useAuth();
  const qc = useQueryClient();
  const isAdmin = me?.role === 'admin';
  const key = useQuery({ queryKey: ['exchange-key'], queryFn: () => api.get<{ name: string; keyId: string; publicKey: string }>('/api/public/exchange/key') });
  const peers = useQuery({ queryKey: ['exchange-peers'], queryFn: () => api.get<{ peers: Peer[] }>('/api/exchange/peers') });
  const outbox = useQuery({ queryKey: ['exchange-outbox'], queryFn: () => api.get<{ messages: OutboxMessage[] }>('/api/exchange/outbox') });
  const toggle = useMutation({ mutationFn: (p: Peer) => api.patch(`/api/exchange/peers/${p.id}`, { active: !p.active }), onSuccess: () => qc.invalidateQueries({ queryKey: ['exchange-peers'] }) });
  const fetchRulings = useMutation({ mutationFn: (p: Peer) => api.post<{ peer: string; rulings: number; correspondences: number }>(`/api/exchange/peers/${p.id}/classification/fetch`) });
  const officer = me?.role === 'licensing_officer' || me?.role === 'senior_officer';
  const deliver = useMutation({ mutationFn: () => api.post<{ delivered: number; failed: number }>('/api/exchange/outbox/deliver'), onSuccess: () => qc.invalidateQueries({ queryKey: ['exchange-outbox'] }) });
  return (
    <RequireRole roles={['admin', 'oversight', 'licensing_officer', 'senior_officer']}>
      <PageHeader title="Peer authorities" />
      <section className="panel" aria-label="Our exchange key">
        <h2>Our key</h2>
        {key.data ? (
          <>
            <p>Give peers this name, key id and public key. Signed messages from us carry it.</p>
            <p><strong>{key.data.name}</strong> · key id <code>{key.data.keyId}</code></p>
            <pre className="key" style={{ whiteSpace: "pre-wrap", wordBreak: "break-all" }}>{key.data.publicKey}</pre>
          </>
        ) : key.error ? <ErrorState error={key.error} /> : <Loading />}
      </section>
      {peers.isLoading ? <Loading /> : peers.error ? <ErrorState error={peers.error} /> : (
        <DataTable
          caption="Peers"
          rows={peers.data!.peers}
          rowKey={(p) => p.id}
          empty="No peers yet. An administrator adds one below."
          columns={[
            { key: 'name', header: 'Authority' },
            { key: 'url', header: 'Address' },
            { key: 'keyId', header: 'Key id', render: (p) => <code>{p.keyId}</code> },
            { key: 'pendingMessages', header: 'Waiting' },
            ...(officer ? [{ key: 'rulings', header: 'Rulings', render: (p: Peer) => <Button variant="secondary" onClick={() => fetchRulings.mutate(p)} disabled={fetchRulings.isPending}>Load published rulings</Button> }] : []),
            { key: 'active', header: 'Status', render: (p) => (isAdmin ? <Button variant="secondary" onClick={() => toggle.mutate(p)}>{p.active ? 'Disable' : 'Enable'}</Button> : <StatusBadge status={p.active ? 'active' : 'disabled'} />) },
          ]}
        />
      )}
      <FormError error={fetchRulings.error} />
      {fetchRulings.data && <p role="status">Loaded {fetchRulings.data.rulings} ruling(s) and {fetchRulings.data.correspondences} correspondence(s) from {fetchRulings.data.peer}.</p>}
      {isAdmin && <AddPeer />}
      <section className="panel" aria-label="Outbox">
        <h2>Outbox</h2>
        <p>Messages are delivered in order per peer; a peer that is down gets them when it is back (retries back off up to an hour).</p>
        {isAdmin && <Button variant="secondary" onClick={() => deliver.mutate()} disabled={deliver.isPending}>Try delivering now</Button>}
        {deliver.data && <p role="status">{deliver.data.delivered} delivered, {deliver.data.failed} failed (will retry).</p>}
        {outbox.data && (
          <DataTable
            rows={outbox.data.messages}
            rowKey={(m) => m.id}
            empty="Nothing sent yet."
            columns={[
              { key: 'peer', header: 'To' },
              { key: 'seq', header: '#' },
              { key: 'type', header: 'Message' },
              { key: 'status', header: 'Status', render: (m) => <StatusBadge status={m.status} /> },
              { key: 'attempts', header: 'Attempts' },
              { key: 'lastError', header: 'Last error', render: (m) => m.lastError ?? '—' },
            ]}
          />
        )}
      </section>
    </RequireRole>
  );
}
