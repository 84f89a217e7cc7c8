import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client';
import { Button, FormError, SelectField, TextField, fieldErrors } from '../../../components';
import type { Application } from '../types';
import { ControlPicker } from './ControlPicker';
import { useDraft } from './useDraft';

interface Product { id: string; name: string; description: string; rating: string | null }
interface Line { productId: string; description: string; rating: string; quantity: string; unit: string; value: string; currency: string }

/** A line left completely empty is not sent; one partly filled is, so the server says what is missing. */
const used = (l: Line) => Boolean(l.productId || l.description.trim() || l.rating.trim());
const blank: Line = { productId: '', description: '', rating: '', quantity: '1', unit: 'items', value: '0', currency: 'GBP' };

/** Several goods lines, each from the product catalogue or entered, each with its control entry. */
export function GoodsSection({ app }: { app: Application }) {
  const { save } = useDraft(app.id, 'goods');
  const products = useQuery({ queryKey: ['products'], queryFn: () => api.get<{ products: Product[] }>('/api/products') });
  const [lines, setLines] = useState<Line[]>(
    app.goods.length
      ? app.goods.map((g) => ({ productId: g.productId ?? '', description: g.description, rating: g.rating ?? '', quantity: String(g.quantity), unit: g.unit, value: String(g.value), currency: g.currency }))
      : [{ ...blank }],
  );
  const errs = fieldErrors(save.error);
  const set = (i: number, patch: Partial<Line>) => setLines(lines.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const goods = lines
      .filter(used)
      .map((l) => ({ productId: l.productId || null, description: l.description, rating: l.rating.trim() || null, quantity: Number(l.quantity), unit: l.unit, value: Number(l.value), currency: l.currency }));
    save.mutate({ goods });
  };
  const catalogue = products.data?.products ?? [];
  return (
    <form className="panel" onSubmit={submit} noValidate>
      <FormError error={save.error} />
      {lines.map((l, i) => {
        const sent = lines.slice(0, i).filter(used).length; // the line's index in what was sent
        const e = (k: string) => errs[`goods.${sent}.${k}`];
        return (
          <fieldset key={i}>
            <legend>Good {i + 1}</legend>
            {catalogue.length > 0 && (
              <SelectField
                label="From your product catalogue"
                value={l.productId}
                error={e('productId')}
                onChange={(ev) => {
                  const p = catalogue.find((x) => x.id === ev.target.value);
                  set(i, p ? { productId: p.id, description: p.description, rating: p.rating ?? '' } : { productId: '' });
                }}
                options={[{ value: '', label: 'Not from the catalogue (describe it below)' }, ...catalogue.map((p) => ({ value: p.id, label: `${p.name} (${p.rating ?? 'unrated'})` }))]}
              />
            )}
            <TextField label="Description" value={l.description} onChange={(ev) => set(i, { description: ev.target.value })} error={e('description') ?? (i === 0 ? errs.goods : undefined)} />
            <ControlPicker label="Control entry" value={l.rating} onChange={(rating) => set(i, { rating })} error={e('rating')} suggest={l.description} />
            <div className="inline-form">
              <TextField label="Quantity" type="number" min="0" value={l.quantity} onChange={(ev) => set(i, { quantity: ev.target.value })} error={e('quantity')} />
              <TextField label="Unit" value={l.unit} onChange={(ev) => set(i, { unit: ev.target.value })} error={e('unit')} />
              <TextField label="Value" type="number" min="0" value={l.value} onChange={(ev) => set(i, { value: ev.target.value })} error={e('value')} />
              <TextField label="Currency" value={l.currency} maxLength={3} onChange={(ev) => set(i, { currency: ev.target.value.toUpperCase() })} error={e('currency')} />
            </div>
            {lines.length > 1 && <Button type="button" variant="secondary" onClick={() => setLines(lines.filter((_, j) => j !== i))}>Remove good {i + 1}</Button>}
          </fieldset>
        );
      })}
      <p>
        <Button type="button" variant="secondary" onClick={() => setLines([...lines, { ...blank }])}>Add another good</Button>
      </p>
      <Button type="submit" disabled={save.isPending}>{save.isPending ? 'Saving…' : 'Save and continue'}</Button>
    </form>
  );
}
