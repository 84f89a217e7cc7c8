import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { useAuth } from '../../auth';
import { Button, DataTable, ErrorState, FormError, Loading, PageHeader, RequireRole, SelectField, TextField, fieldErrors } from '../../components';

interface UserRow { id: string; email: string; role: string; team: string | null; disabled: boolean; organisation: { id: string; name: string; kind: string } }
const ROLES = ['admin', 'licensing_officer', 'senior_officer', 'adviser', 'customs_officer', 'enforcement_officer', 'oversight', 'exporter_admin', 'exporter'];

function AddUser() {
  const { me } = useAuth();
  const qc = useQueryClient();
  const orgs = useQuery({ queryKey: ['orgs'], queryFn: () => api.get<{ organisations: Array<{ id: string; name: string }> }>('/api/organisations'), enabled: me?.role === 'admin' });
  const [form, setForm] = useState({ email: '', role: me?.role === 'admin' ? 'licensing_officer' : 'exporter', organisationId: me?.organisation.id ?? '', password: '', team: '' });
  const m = useMutation({
    mutationFn: () => api.post('/api/users', { ...form, team: form.team || undefined }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['users'] }),
  });
  const roles = me?.role === 'admin' ? ROLES : ['exporter', 'exporter_admin'];
  const f = fieldErrors(m.error);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  return (
    <form className="panel" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); m.mutate(); }}>
      <h2>Add a user</h2>
      <FormError error={m.error} />
      {m.isSuccess && <p className="alert alert-ok" role="status">User added.</p>}
      <TextField label="Email" type="email" value={form.email} onChange={set('email')} error={f.email} />
      <SelectField label="Role" value={form.role} onChange={set('role')} options={roles.map((r) => ({ value: r, label: r.replace(/_/g, ' ') }))} error={f.role} />
      {me?.role === 'admin' && (
        <SelectField label="Organisation" value={form.organisationId} onChange={set('organisationId')} options={(orgs.data?.organisations ?? []).map((o) => ({ value: o.id, label: o.name }))} error={f.organisationId} />
      )}
      {form.role === 'adviser' && <TextField label="Adviser team" value={form.team} onChange={set('team')} error={f.team} />}
      <TextField label="Initial password" type="password" autoComplete="new-password" hint="At least 12 characters" value={form.password} onChange={set('password')} error={f.password} />
      <Button type="submit" disabled={m.isPending}>Add user</Button>
    </form>
  );
}

/** The user list; mounted only once the caller is known and allowed (a direct load used to read data before it existed). */
function UserList() {
  const q = useQuery({ queryKey: ['users'], queryFn: () => api.get<{ users: UserRow[] }>('/api/users') });
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} />;
  return (
        <DataTable
          rows={q.data.users}
          rowKey={(u) => u.id}
          caption="Users"
          columns={[
            { key: 'email', header: 'Email' },
            { key: 'role', header: 'Role', render: (u) => u.role.replace(/_/g, ' ') },
            { key: 'team', header: 'Team', render: (u) => u.team ?? '' },
            { key: 'org', header: 'Organisation', render: (u) => u.organisation.name, sortValue: (u) => u.organisation.name },
          ]}
        />
  );
}

export function UsersPage() {
  const { me } = useAuth();
  return (
    <RequireRole roles={['admin', 'oversight', 'exporter_admin']}>
      <PageHeader title="Users" />
      {me?.role !== 'oversight' && <AddUser />}
      <UserList />
    </RequireRole>
  );
}
