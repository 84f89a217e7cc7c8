import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Button, DataTable, FormError, PageHeader, RequireRole, SelectField, TextField, fieldErrors } from '../../components';

interface Calculation { pack: string; version: string; title: string; currency: string; penalty: number; notes: string[]; steps: { step: string; explanation: string; amount: number | null; citation: string }[] }
const BIS_FACTORS = ['willful_or_reckless', 'awareness', 'harm_to_program', 'no_compliance_program', 'compliance_program', 'remedial_response', 'exceptional_cooperation', 'first_violation'];

function Calculator() {
  const [f, setF] = useState({ transactionValue: '', egregious: 'no', vsd: 'no' });
  const [factors, setFactors] = useState<string[]>([]);
  const m = useMutation({
    mutationFn: () =>
      api.post<Calculation>('/api/enforcement/penalties/calculate', { pack: 'us-bis', transactionValue: f.transactionValue === '' ? undefined : Number(f.transactionValue), egregious: f.egregious === 'yes', voluntarySelfDisclosure: f.vsd === 'yes', factors }),
  });
  const yesNo = [{ value: 'no', label: 'No' }, { value: 'yes', label: 'Yes' }];
  return (
    <>
      <form className="panel" aria-label="Calculate a penalty" onSubmit={(e) => (e.preventDefault(), m.mutate())}>
        <p>US BIS settlement guidelines (15 CFR Part 766, Supplement No. 1), newest version. Nothing is stored.</p>
        <FormError error={m.error} />
        <TextField label="Transaction value (USD)" inputMode="decimal" value={f.transactionValue} onChange={(e) => setF({ ...f, transactionValue: e.target.value })} error={fieldErrors(m.error).transactionValue} />
        <SelectField label="Egregious?" value={f.egregious} onChange={(e) => setF({ ...f, egregious: e.target.value })} options={yesNo} />
        <SelectField label="Voluntarily self-disclosed?" value={f.vsd} onChange={(e) => setF({ ...f, vsd: e.target.value })} options={yesNo} />
        <fieldset>
          <legend>Factors</legend>
          {BIS_FACTORS.map((id) => (
            <label key={id} className="checkbox">
              <input type="checkbox" checked={factors.includes(id)} onChange={(e) => setFactors(e.target.checked ? [...factors, id] : factors.filter((x) => x !== id))} /> {id.replace(/_/g, ' ')}
            </label>
          ))}
        </fieldset>
        <Button type="submit" disabled={m.isPending}>Calculate</Button>
      </form>
      {m.data && (
        <section className="panel" aria-label="Calculation">
          <h2>{m.data.currency} {m.data.penalty.toLocaleString('en')}</h2>
          <p>{m.data.title} (version {m.data.version})</p>
          <DataTable
            rows={m.data.steps}
            rowKey={(s) => `${s.step}-${s.explanation}`}
            columns={[
              { key: 'step', header: 'Step' },
              { key: 'explanation', header: 'How' },
              { key: 'amount', header: 'Amount', render: (s) => (s.amount === null ? '—' : s.amount.toLocaleString('en')) },
              { key: 'citation', header: 'Source' },
            ]}
          />
          {m.data.notes.map((n) => <p key={n} className="hint">{n}</p>)}
        </section>
      )}
    </>
  );
}

export function PenaltyPage() {
  return (
    <RequireRole roles={['enforcement_officer', 'senior_officer', 'oversight', 'admin']}>
      <PageHeader title="Penalty calculator" />
      <Calculator />
    </RequireRole>
  );
}
