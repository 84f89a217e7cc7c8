import { Button, TextField } from '../../components';

export interface ParamRow { name: string; value: string; unit: string }
export const emptyParam = (): ParamRow => ({ name: '', value: '', unit: '' });

/** Rows of technical parameters (name, value, unit) with add/remove; field errors keyed `parameters.<i>.<field>`. */
export function ParametersEditor({ rows, onChange, errors = {}, legend = 'Technical parameters' }: { rows: ParamRow[]; onChange: (rows: ParamRow[]) => void; errors?: Record<string, string>; legend?: string }) {
  const set = (i: number, k: keyof ParamRow, v: string) => onChange(rows.map((r, j) => (j === i ? { ...r, [k]: v } : r)));
  return (
    <fieldset className="panel">
      <legend>{legend}</legend>
      {rows.map((r, i) => (
        <div key={i} className="inline-form" data-testid="parameter-row">
          <TextField label={`Parameter ${i + 1} name`} value={r.name} onChange={(e) => set(i, 'name', e.target.value)} error={errors[`parameters.${i}.name`]} placeholder="e.g. Frequency" />
          <TextField label={`Parameter ${i + 1} value`} value={r.value} onChange={(e) => set(i, 'value', e.target.value)} error={errors[`parameters.${i}.value`]} placeholder="e.g. 5.8" />
          <TextField label={`Parameter ${i + 1} unit`} value={r.unit} onChange={(e) => set(i, 'unit', e.target.value)} placeholder="e.g. GHz" />
          <Button type="button" variant="secondary" onClick={() => onChange(rows.filter((_, j) => j !== i))} aria-label={`Remove parameter ${i + 1}`}>
            Remove
          </Button>
        </div>
      ))}
      <Button type="button" variant="secondary" onClick={() => onChange([...rows, emptyParam()])}>
        Add parameter
      </Button>
    </fieldset>
  );
}

/** Filled rows only, as the API expects them. */
export const toParameters = (rows: ParamRow[]) =>
  rows.filter((r) => r.name.trim() || r.value.trim()).map((r) => ({ name: r.name.trim(), value: r.value.trim(), unit: r.unit.trim() || null }));
