import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Button, DataTable, ErrorState, FormError, Loading, PageHeader, RequireRole, StatusBadge, TextField } from '../../components';
import { useAuth } from '../../auth';
import { Reasons } from './OfficerPages';
import type { Declaration, Line } from './types';

const READERS = ['exporter', 'exporter_admin', 'customs_officer', 'enforcement_officer', 'licensing_officer', 'senior_officer', 'admin', 'oversight'] as const;

/** Declarations (exporters: their own), newest first, with line outcomes. */
export function DeclarationsPage() {
  const navigate = useNavigate();
  const q = useQuery({ queryKey: ['customs-declarations'], queryFn: () => api.get<{ declarations: Declaration[] }>('/api/customs/declarations?limit=200') });
  return (
    <RequireRole roles={[...READERS]}>
      <PageHeader title="Customs declarations" />
      {q.isLoading ? <Loading /> : q.error ? <ErrorState error={q.error} /> : (
        <DataTable
          caption="Declarations"
          rows={q.data!.declarations}
          rowKey={(d) => d.id}
          onRowClick={(d) => navigate(`/customs/declarations/${d.id}`)}
          columns={[
            { key: 'reference', header: 'Reference', render: (d) => <Link to={`/customs/declarations/${d.id}`}>{d.reference}</Link> },
            { key: 'date', header: 'Date' },
            { key: 'destination', header: 'Destination' },
            { key: 'status', header: 'Status', render: (d) => <StatusBadge status={d.status} /> },
            { key: 'lines', header: 'Lines', render: (d) => `${d.lines.released} released · ${d.lines.held} held · ${d.lines.rejected} rejected` },
          ]}
        />
      )}
    </RequireRole>
  );
}

export function DeclarationPage() {
  const { id } = useParams();
  const { me } = useAuth();
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const q = useQuery({ queryKey: ['customs-declaration', id], queryFn: () => api.get<Declaration & { items: Line[] }>(`/api/customs/declarations/${id}`) });
  const cancel = useMutation({ mutationFn: () => api.post(`/api/customs/declarations/${id}/cancel`, { reason }), onSuccess: () => qc.invalidateQueries({ queryKey: ['customs-declaration', id] }) });
  if (q.isLoading) return <Loading />;
  if (q.error) return <ErrorState error={q.error} />;
  const d = q.data!;
  const mayCancel = d.status === 'active' && me && ['exporter', 'exporter_admin', 'customs_officer'].includes(me.role);
  return (
    <RequireRole roles={[...READERS]}>
      <PageHeader title={`Declaration ${d.reference}`} />
      <p>
        <StatusBadge status={d.status} /> {d.date} · {d.procedure} · to {d.consignee.name} ({d.destination}){d.cancelReason ? ` · cancelled: ${d.cancelReason}` : ''}
      </p>
      <DataTable
        caption="Lines"
        rows={d.items}
        rowKey={(l) => l.id}
        columns={[
          { key: 'line', header: 'Line' },
          { key: 'description', header: 'Goods', render: (l) => `${l.description} (HS ${l.hsCode}${l.controlCode ? `, ${l.controlCode}` : ''})` },
          { key: 'quantity', header: 'Quantity', render: (l) => `${l.quantity} ${l.unit}` },
          { key: 'value', header: 'Value', render: (l) => `${l.value} ${l.currency}` },
          { key: 'licenceReference', header: 'Authorisation', render: (l) => l.licenceReference ?? l.generalLicence ?? '—' },
          { key: 'status', header: 'Outcome', render: (l) => <StatusBadge status={l.status} /> },
          { key: 'reasons', header: 'Reasons', render: (l) => <Reasons reasons={l.reasons} /> },
        ]}
      />
      {mayCancel && (
        <form className="panel" onSubmit={(e) => (e.preventDefault(), cancel.mutate())}>
          <FormError error={cancel.error} />
          <TextField label="Cancellation reason" value={reason} onChange={(e) => setReason(e.target.value)} />
          <Button type="submit" disabled={!reason.trim() || cancel.isPending}>Cancel declaration</Button>
        </form>
      )}
    </RequireRole>
  );
}
