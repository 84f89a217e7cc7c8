import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, qs } from '../../api/client';
import { Button, CountrySelect, DataTable, ErrorState, FormError, Loading, PageHeader, PagedTable, RequireRole, SelectField, StatusBadge, TextField, countryName, limitOffset, usePagedList } from '../../components';
import { useAuth } from '../../auth';
import type { Licence } from './types';

const READERS = ['exporter', 'exporter_admin', 'admin', 'licensing_officer', 'senior_officer', 'oversight', 'customs_officer', 'enforcement_officer'] as const;

interface LicenceRow { id: string; reference: string; status: string; validFrom: string; validTo: string; destination: string | null }

const LICENCE_STATUSES = ['', 'active', 'suspended', 'revoked', 'expired', 'surrendered', 'exhausted'];

/** Licences paged, searched (reference or holder) and counted on the server, with status and destination filters. */
export function LicencesPage() {
  const navigate = useNavigate();
  const [status, setStatus] = useState('');
  const [destination, setDestination] = useState('');
  const list = usePagedList(['licences', status, destination], (r) =>
    api.get<{ licences: LicenceRow[]; total: number }>(`/api/licences${qs({ search: r.q, status, destination, ...limitOffset(r) })}`).then((d) => ({ rows: d.licences, total: d.total })));
  return (
    <RequireRole roles={[...READERS]}>
      <PageHeader title="Licences" />
      <div className="filters">
        <SelectField label="Licence status" value={status} onChange={(e) => setStatus(e.target.value)} options={LICENCE_STATUSES.map((v) => ({ value: v, label: v || 'Any status' }))} />
        <CountrySelect label="Destination" value={destination} onChange={setDestination} />
      </div>
      <PagedTable
        list={list}
        caption="Licences"
        searchLabel="Search licences (reference or holder)"
        rowKey={(r) => r.id}
        onRowClick={(r) => navigate(`/licences/${r.id}`)}
        columns={[
          { key: 'reference', header: 'Reference', render: (r) => <Link to={`/licences/${r.id}`}>{r.reference}</Link> },
          { key: 'status', header: 'Status', render: (r) => <StatusBadge status={r.status} /> },
          { key: 'destination', header: 'Destination', render: (r) => (r.destination ? countryName(r.destination) : '—') },
          { key: 'validFrom', header: 'Valid from' },
          { key: 'validTo', header: 'Valid to' },
        ]}
      />
    </RequireRole>
  );
}

const ACTIONS: Record<string, { roles: string[]; from: string[]; label: string }> = {
  suspend: { roles: ['licensing_officer', 'senior_officer'], from: ['active'], label: 'Suspend' },
  reinstate: { roles: ['licensing_officer', 'senior_officer'], from: ['suspended'], label: 'Reinstate' },
  revoke: { roles: ['licensing_officer', 'senior_officer'], from: ['active', 'suspended'], label: 'Revoke' },
  surrender: { roles: ['exporter', 'exporter_admin'], from: ['active', 'suspended'], label: 'Surrender' },
};

export function LicencePage() {
  const { id } = useParams();
  const { me } = useAuth();
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const q = useQuery({ queryKey: ['licence', id], queryFn: () => api.get<Licence>(`/api/licences/${id}`) });
  const act = useMutation({ mutationFn: (action: string) => api.post(`/api/licences/${id}/${action}`, { reason: reason || undefined }), onSuccess: () => qc.invalidateQueries({ queryKey: ['licence', id] }) });
  if (q.isLoading) return <Loading />;
  if (q.error) return <ErrorState error={q.error} />;
  const l = q.data!;
  const actions = Object.entries(ACTIONS).filter(([, a]) => me && a.roles.includes(me.role) && a.from.includes(l.status));
  return (
    <RequireRole roles={[...READERS, 'adviser']}>
      <PageHeader title={`Licence ${l.reference}`}>
        <a className="btn btn-secondary" href={`/api/licences/${l.id}/pdf`}>Licence PDF</a>
      </PageHeader>
      <p>
        <StatusBadge status={l.status} /> Holder {l.holder} · destination {l.destination} · valid {l.validFrom} to {l.validTo}
        {l.onAppeal && ' · issued on appeal'}
      </p>
      {l.verificationCode && <VerifyCode code={l.verificationCode} />}
      {l.provisos && <p><strong>Provisos:</strong> {l.provisos}</p>}
      <DataTable
        caption="Licensed goods"
        rows={l.goods}
        rowKey={(g) => g.id}
        columns={[
          { key: 'description', header: 'Good' },
          { key: 'rating', header: 'Rating' },
          { key: 'quantity', header: 'Quantity', render: (g) => `${g.quantity} ${g.unit}` },
          { key: 'value', header: 'Value', render: (g) => `${g.value} ${g.currency}` },
          { key: 'usedQuantity', header: 'Used', render: (g) => `${g.usedQuantity} / ${g.usedValue}` },
        ]}
      />
      {actions.length > 0 && (
        <form className="panel" onSubmit={(e) => e.preventDefault()}>
          <FormError error={act.error} />
          <TextField label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} />
          {actions.map(([k, a]) => <Button key={k} variant={k === 'revoke' ? 'danger' : 'secondary'} onClick={() => act.mutate(k)}>{a.label}</Button>)}
        </form>
      )}
    </RequireRole>
  );
}

/** The code printed on the licence, and the public check anyone (customs, a bank) can make with it. */
function VerifyCode({ code }: { code: string }) {
  const v = useQuery({ queryKey: ['licence-verify', code], queryFn: () => api.get<{ status: string; valid: boolean; checkedAt: string }>(`/api/licences/verify/${encodeURIComponent(code)}`) });
  return (
    <p data-testid="verification">
      Verification code <strong>{code}</strong>
      {v.data && <> · public check: <StatusBadge status={v.data.status} /></>}
    </p>
  );
}
