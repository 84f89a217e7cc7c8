import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Button, DataTable, ErrorState, FormError, Loading, PageHeader, RequireRole, StatusBadge, TextField } from '../../components';
import { useAuth } from '../../auth';
import type { Balance, Hold } from './types';
import { LicenceAmendForm } from './LicenceAmendForm';

const AUTHORITY = ['customs_officer', 'enforcement_officer', 'licensing_officer', 'senior_officer', 'admin', 'oversight'] as const;
const READERS = [...AUTHORITY, 'exporter', 'exporter_admin'] as const;

/** Reasons as a readable list (codes kept for searching). */
export function Reasons({ reasons }: { reasons: { code: string; message: string }[] }) {
  if (!reasons.length) return <span>—</span>;
  return (
    <ul className="reasons">
      {reasons.map((r) => (
        <li key={r.code}>
          <code>{r.code}</code> {r.message}
        </li>
      ))}
    </ul>
  );
}

function HoldDecision({ hold }: { hold: Hold }) {
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const decide = useMutation({
    mutationFn: (decision: 'release' | 'refuse') => api.post(`/api/customs/lines/${hold.id}/decision`, { decision, reason }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['customs-holds'] }),
  });
  return (
    <form className="panel" aria-label={`Decide ${hold.declaration.reference} line ${hold.line}`} onSubmit={(e) => e.preventDefault()}>
      <FormError error={decide.error} />
      <TextField label={`Reason for ${hold.declaration.reference} line ${hold.line}`} value={reason} onChange={(e) => setReason(e.target.value)} />
      <Button type="button" onClick={() => decide.mutate('release')} disabled={!reason.trim() || decide.isPending}>Release</Button>{' '}
      <Button type="button" className="btn btn-secondary" onClick={() => decide.mutate('refuse')} disabled={!reason.trim() || decide.isPending}>Refuse</Button>
    </form>
  );
}

/** Customs officers' holds queue: each held line with its reasons and the licence beside it. */
export function HoldsPage() {
  const { me } = useAuth();
  const q = useQuery({ queryKey: ['customs-holds'], queryFn: () => api.get<{ holds: Hold[] }>('/api/customs/holds?limit=200') });
  return (
    <RequireRole roles={[...AUTHORITY]}>
      <PageHeader title="Customs holds" />
      {q.isLoading ? <Loading /> : q.error ? <ErrorState error={q.error} /> : q.data!.holds.length === 0 ? <p>No held lines.</p> : (
        q.data!.holds.map((h) => (
          <section key={h.id} className="panel hold" aria-label={`Hold ${h.declaration.reference} line ${h.line}`}>
            <h2>
              {h.declaration.reference} · line {h.line} <StatusBadge status={h.status} />
            </h2>
            <p>
              {h.declaration.exporter.name} → {h.declaration.consignee.name} ({h.destination}) · {h.description} · HS {h.hsCode}
              {h.controlCode ? ` · ${h.controlCode}` : ''} · {h.quantity} {h.unit} · {h.value} {h.currency}
            </p>
            <Reasons reasons={h.reasons} />
            {h.licence ? (
              <DataTable
                caption={`Licence ${h.licence.reference} (${h.licence.status}, valid to ${h.licence.validTo}, ${h.licence.destination ?? ''})`}
                rows={h.licence.goods}
                rowKey={(g) => g.id}
                columns={[
                  { key: 'description', header: 'Good' },
                  { key: 'rating', header: 'Rating' },
                  { key: 'remainingQuantity', header: 'Remaining', render: (g) => `${g.remainingQuantity} ${g.unit}` },
                  { key: 'remainingValue', header: 'Remaining value', render: (g) => `${g.remainingValue} ${g.currency}` },
                ]}
              />
            ) : (
              <p>{h.generalLicence ? `General licence ${h.generalLicence}` : 'No licence on this line'}</p>
            )}
            {me?.role === 'customs_officer' && <HoldDecision hold={h} />}
          </section>
        ))
      )}
    </RequireRole>
  );
}

export function BalanceTable({ licence }: { licence: Balance }) {
  return (
    <DataTable
      caption={`Licence ${licence.reference} · ${licence.holder ?? ''} · ${licence.status} · valid ${licence.validFrom} to ${licence.validTo} · ${licence.destination ?? ''} · code ${licence.verificationCode}`}
      rows={licence.goods}
      rowKey={(g) => g.id}
      columns={[
        { key: 'description', header: 'Good' },
        { key: 'rating', header: 'Rating' },
        { key: 'authorisedQuantity', header: 'Authorised', render: (g) => `${g.authorisedQuantity} ${g.unit}` },
        { key: 'shippedQuantity', header: 'Shipped', render: (g) => `${g.shippedQuantity} ${g.unit}` },
        { key: 'remainingQuantity', header: 'Remaining', render: (g) => `${g.remainingQuantity} ${g.unit}` },
        { key: 'remainingValue', header: 'Remaining value', render: (g) => `${g.remainingValue} ${g.currency}` },
      ]}
    />
  );
}

/** Licence lookup by reference, holder or verification code; exporters see their own licences' balances. */
export function LicenceLookupPage() {
  const { me } = useAuth();
  const industry = me?.role === 'exporter' || me?.role === 'exporter_admin';
  const amends = me?.role === 'licensing_officer' || me?.role === 'senior_officer';
  const [form, setForm] = useState({ reference: '', holder: '', verificationCode: '' });
  // Exporters see all their licences at once (`me` may still be loading on the first render).
  const [searched, setQuery] = useState<string | null>(null);
  const query = searched ?? (industry ? '' : null);
  const q = useQuery({
    queryKey: ['customs-licences', query],
    enabled: query !== null,
    queryFn: () => api.get<{ licences: Balance[] }>(`/api/customs/licences${query ? `?${query}` : ''}`),
  });
  const search = () => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) if (v.trim()) p.set(k, v.trim());
    setQuery(p.toString());
  };
  return (
    <RequireRole roles={[...READERS]}>
      <PageHeader title={industry ? 'Licence balances' : 'Licence lookup'} />
      <form className="panel" onSubmit={(e) => (e.preventDefault(), search())}>
        <TextField label="Licence reference" value={form.reference} onChange={(e) => setForm({ ...form, reference: e.target.value })} />
        <TextField label="Holder" value={form.holder} onChange={(e) => setForm({ ...form, holder: e.target.value })} />
        <TextField label="Verification code" value={form.verificationCode} onChange={(e) => setForm({ ...form, verificationCode: e.target.value })} />
        <Button type="submit">Look up</Button>
      </form>
      {query === null ? null : q.isLoading ? <Loading /> : q.error ? <ErrorState error={q.error} /> : q.data!.licences.length === 0 ? <p>No licence found.</p> : (
        q.data!.licences.map((l) => (
          <div key={l.id}>
            <BalanceTable licence={l} />
            {amends && ['active', 'suspended', 'exhausted'].includes(l.status) && <LicenceAmendForm licence={l} />}
          </div>
        ))
      )}
    </RequireRole>
  );
}
