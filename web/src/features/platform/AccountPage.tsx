import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Button, DataTable, ErrorState, FormError, Loading, PageHeader, RequireRole, TextField, fieldErrors } from '../../components';

interface Token { id: string; name: string; prefix: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }

function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const m = useMutation({ mutationFn: () => api.post('/api/auth/password', { currentPassword: current, newPassword: next }) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate();
  };
  const f = fieldErrors(m.error);
  return (
    <form onSubmit={submit} className="panel">
      <h2>Change password</h2>
      <FormError error={m.error} />
      {m.isSuccess && <p className="alert alert-ok" role="status">Password changed. Your other sessions were signed out.</p>}
      <TextField label="Current password" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} error={f.currentPassword} />
      <TextField label="New password" type="password" autoComplete="new-password" hint="At least 12 characters" value={next} onChange={(e) => setNext(e.target.value)} error={f.newPassword} />
      <Button type="submit" disabled={m.isPending}>Change password</Button>
    </form>
  );
}

function Tokens() {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['tokens'], queryFn: () => api.get<{ tokens: Token[] }>('/api/tokens') });
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () => api.post<{ token: string }>('/api/tokens', { name }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['tokens'] }),
  });
  const revoke = useMutation({ mutationFn: (id: string) => api.delete(`/api/tokens/${id}`), onSuccess: () => qc.invalidateQueries({ queryKey: ['tokens'] }) });
  return (
    <section className="panel">
      <h2>API tokens</h2>
      <p>For machine clients: send <code>Authorization: Bearer &lt;token&gt;</code>. A token is shown once.</p>
      <form onSubmit={(e) => { e.preventDefault(); create.mutate(); }} className="inline-form">
        <TextField label="Token name" value={name} onChange={(e) => setName(e.target.value)} error={fieldErrors(create.error).name} />
        <Button type="submit" disabled={create.isPending}>Create token</Button>
      </form>
      <FormError error={create.error} />
      {create.data && (
        <p className="alert alert-ok" role="status">
          New token (copy it now): <code data-testid="new-token">{create.data.token}</code>
        </p>
      )}
      {q.isLoading ? <Loading /> : q.error ? <ErrorState error={q.error} /> : (
        <DataTable
          rows={q.data!.tokens}
          rowKey={(t) => t.id}
          caption="Your tokens"
          columns={[
            { key: 'name', header: 'Name' },
            { key: 'prefix', header: 'Starts with', render: (t) => <code>{t.prefix}…</code> },
            { key: 'createdAt', header: 'Created' },
            { key: 'lastUsedAt', header: 'Last used', render: (t) => t.lastUsedAt ?? 'never' },
            { key: 'revokedAt', header: 'Status', render: (t) => (t.revokedAt ? `revoked ${t.revokedAt}` : <Button variant="danger" onClick={() => revoke.mutate(t.id)}>Revoke</Button>), sortable: false },
          ]}
        />
      )}
    </section>
  );
}

export function AccountPage() {
  return (
    <RequireRole roles="all">
      <PageHeader title="Your account" />
      <PasswordForm />
      <Tokens />
    </RequireRole>
  );
}
