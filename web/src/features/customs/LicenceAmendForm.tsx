import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Button, FormError, TextArea, TextField, fieldErrors } from '../../components';
import type { Balance } from './types';

interface Amended {
  amendment: { version: number };
  licence: { reference: string; status: string };
}

/**
 * A licensing officer amends the licensed quantity and value of a licence's goods, with a reason (POST
 * /api/licences/{id}/amendments): a new version of the licence, audited. Held customs lines can then be released.
 * Mountable wherever a licence is shown; it needs the goods with their authorised and shipped figures.
 */
export function LicenceAmendForm({ licence, onAmended }: { licence: Balance; onAmended?: () => void }) {
  const qc = useQueryClient();
  const initial = () => Object.fromEntries(licence.goods.map((g) => [g.id, { quantity: String(g.authorisedQuantity), value: String(g.authorisedValue) }]));
  const [figures, setFigures] = useState<Record<string, { quantity: string; value: string }>>(initial);
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<Amended | null>(null);
  const goods = licence.goods
    .map((g) => ({ g, f: figures[g.id]! }))
    .filter(({ g, f }) => Number(f.quantity) !== g.authorisedQuantity || Number(f.value) !== g.authorisedValue)
    .map(({ g, f }) => ({ id: g.id, quantity: Number(f.quantity), value: Number(f.value) }));
  const m = useMutation({
    mutationFn: () => api.post<Amended>(`/api/licences/${licence.id}/amendments`, { goods, reason }),
    onSuccess: (r) => {
      setDone(r);
      setReason('');
      qc.invalidateQueries({ queryKey: ['customs-licences'] });
      qc.invalidateQueries({ queryKey: ['customs-holds'] });
      onAmended?.();
    },
  });
  const f = fieldErrors(m.error);
  // Field errors name goods by their position in the request, which lists only the changed goods.
  const errorFor = (id: string, field: 'quantity' | 'value') => {
    const i = goods.findIndex((x) => x.id === id);
    return i >= 0 ? f[`goods.${i}.${field}`] : undefined;
  };
  return (
    <form className="panel" aria-label={`Amend licence ${licence.reference}`} onSubmit={(e) => (e.preventDefault(), setDone(null), m.mutate())}>
      <h3>Amend licence {licence.reference}</h3>
      <FormError error={m.error} />
      {licence.goods.map((g) => (
        <fieldset key={g.id}>
          <legend>
            {g.description} ({g.rating ?? 'unrated'}) · shipped {g.shippedQuantity} {g.unit}, {g.shippedValue} {g.currency}
          </legend>
          <TextField label={`Licensed quantity (${g.unit})`} type="number" min={0} step="any" inputMode="decimal" value={figures[g.id]!.quantity} error={errorFor(g.id, 'quantity')}
            onChange={(e) => setFigures({ ...figures, [g.id]: { ...figures[g.id]!, quantity: e.target.value } })} />
          <TextField label={`Licensed value (${g.currency})`} type="number" min={0} step="any" inputMode="decimal" value={figures[g.id]!.value} error={errorFor(g.id, 'value')}
            onChange={(e) => setFigures({ ...figures, [g.id]: { ...figures[g.id]!, value: e.target.value } })} />
        </fieldset>
      ))}
      <TextArea label="Reason for the amendment" value={reason} error={f.reason} onChange={(e) => setReason(e.target.value)} />
      <Button type="submit" disabled={m.isPending || !goods.length || !reason.trim()}>Amend licence</Button>
      {done && (
        <p role="status">
          Licence {done.licence.reference} amended: version {done.amendment.version}, {done.licence.status}.
        </p>
      )}
    </form>
  );
}
