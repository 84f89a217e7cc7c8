import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Button, ErrorState, FormError, Loading, PageHeader, SelectField, TextField, fieldErrors } from '../../components';
import { ResultView } from './ResultView';
import { END_USE_LABEL, type DeterminationResult, type Options } from './types';

interface ItemRow {
  code: string;
  description: string;
  quantity: string;
  value: string;
  hsCode: string;
}
interface PartyRow {
  role: string;
  name: string;
  country: string;
}

const CONCERNS = [
  { value: 'wmd', label: 'weapons of mass destruction or missiles' },
  { value: 'military', label: 'a military end use' },
  { value: 'cyber', label: 'surveillance used for repression or human-rights abuses' },
];

/** The exporter's page: plain questions (what, where, for what, to whom) → outcome with reasons, citations and next steps. */
export function DeterminePage() {
  const opts = useQuery({ queryKey: ['determination-options'], queryFn: () => api.get<Options>('/api/determination/options') });
  const [policy, setPolicy] = useState('eu');
  const [items, setItems] = useState<ItemRow[]>([{ code: '', description: '', quantity: '', value: '', hsCode: '' }]);
  const [destination, setDestination] = useState('');
  const [transit, setTransit] = useState('');
  const [endUse, setEndUse] = useState('civil');
  const [parties, setParties] = useState<PartyRow[]>([{ role: 'end_user', name: '', country: '' }]);
  const [establishedIn, setEstablishedIn] = useState('');
  const [informed, setInformed] = useState<string[]>([]);
  const [aware, setAware] = useState<string[]>([]);
  const [registered, setRegistered] = useState('');
  const [icp, setIcp] = useState(false);
  const [research, setResearch] = useState(false);
  const [publicDomain, setPublicDomain] = useState(false);

  const run = useMutation({
    mutationFn: () =>
      api.post<DeterminationResult>('/api/determinations', {
        policy,
        exporter: {
          ...(establishedIn ? { establishedIn } : {}),
          informed,
          aware,
          registeredGeneralLicences: registered.split(/[\s,]+/).filter(Boolean),
          icp,
          ...(research ? { basicScientificResearch: true } : {}),
          ...(publicDomain ? { publicDomain: true } : {}),
        },
        destination,
        ...(transit.trim() ? { transit: transit.split(/[\s,]+/).filter(Boolean) } : {}),
        endUse,
        items: items.map((i) => ({
          ...(i.code.trim() ? { code: i.code.trim() } : {}),
          ...(i.description.trim() ? { description: i.description.trim() } : {}),
          ...(i.quantity ? { quantity: Number(i.quantity) } : {}),
          ...(i.value ? { value: Number(i.value) } : {}),
          ...(i.hsCode.trim() ? { hsCode: i.hsCode.trim() } : {}),
        })),
        parties: parties.filter((p) => p.name.trim()).map((p) => ({ role: p.role, name: p.name.trim(), ...(p.country ? { country: p.country } : {}) })),
      }),
  });
  const errs = fieldErrors(run.error);

  if (opts.isLoading) return <Loading />;
  if (opts.error) return <ErrorState error={opts.error} />;
  const o = opts.data!;
  const countryOptions = [{ value: '', label: 'Choose a country' }, ...o.countries.map((c) => ({ value: c.code, label: `${c.name} (${c.code})` }))];
  const toggle = (list: string[], set: (v: string[]) => void, v: string) => set(list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    run.mutate();
  };
  const current = o.policies.find((p) => p.policy === policy);

  return (
    <>
      <PageHeader title="Do I need an export licence?" />
      <p>Answer four questions: what you are sending, where, what it is for and to whom. You get the outcome, the reasons with their legal citations, and what to do next.</p>
      <form onSubmit={submit} noValidate aria-label="Licence determination">
        <SelectField
          label="Which rules?"
          value={policy}
          onChange={(e) => setPolicy(e.target.value)}
          options={o.policies.map((p) => ({ value: p.policy, label: `${p.name}${p.historical ? ' — historical' : ''}` }))}
          error={errs.policy}
          hint={current ? `Version ${current.versionLabel}` : undefined}
        />
        <fieldset>
          <legend>1. What are you sending?</legend>
          {items.map((it, i) => (
            <div key={i} className="form-row">
              <TextField label={`Item ${i + 1}: control code (if rated)`} hint="e.g. 1A002, 3A001.b.2, EAR99; leave empty if not rated" value={it.code} error={errs[`items.${i}.code`] ?? errs[`items.${i}`]} onChange={(e) => setItems(items.map((x, j) => (j === i ? { ...x, code: e.target.value } : x)))} />
              <TextField label={`Item ${i + 1}: description`} value={it.description} onChange={(e) => setItems(items.map((x, j) => (j === i ? { ...x, description: e.target.value } : x)))} />
              <TextField label={`Item ${i + 1}: HS code (optional)`} hint="Customs code, 4 to 8 digits; sanctions annexes list goods by it" value={it.hsCode} error={errs[`items.${i}.hsCode`]} onChange={(e) => setItems(items.map((x, j) => (j === i ? { ...x, hsCode: e.target.value } : x)))} />
              <TextField label={`Item ${i + 1}: quantity`} type="number" min={0} value={it.quantity} error={errs[`items.${i}.quantity`]} onChange={(e) => setItems(items.map((x, j) => (j === i ? { ...x, quantity: e.target.value } : x)))} />
              <TextField label={`Item ${i + 1}: value`} type="number" min={0} value={it.value} error={errs[`items.${i}.value`]} onChange={(e) => setItems(items.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))} />
              {items.length > 1 && (
                <Button type="button" variant="secondary" onClick={() => setItems(items.filter((_, j) => j !== i))}>
                  Remove item {i + 1}
                </Button>
              )}
            </div>
          ))}
          <Button type="button" variant="secondary" onClick={() => setItems([...items, { code: '', description: '', quantity: '', value: '', hsCode: '' }])}>
            Add another item
          </Button>
        </fieldset>
        <fieldset>
          <legend>2. Where is it going?</legend>
          <SelectField label="Destination country" value={destination} onChange={(e) => setDestination(e.target.value)} options={countryOptions} error={errs.destination} />
          <TextField label="Transit countries (optional)" hint="Two-letter codes separated by commas" value={transit} onChange={(e) => setTransit(e.target.value)} error={errs['transit.0'] ?? errs.transit} />
        </fieldset>
        <fieldset>
          <legend>3. What is it for?</legend>
          <SelectField label="End use" value={endUse} onChange={(e) => setEndUse(e.target.value)} options={Object.entries(END_USE_LABEL).map(([value, label]) => ({ value, label }))} error={errs.endUse} />
          <div className="checks">
            <label>
              <input type="checkbox" checked={research} onChange={(e) => setResearch(e.target.checked)} /> The technology is basic scientific research (not aimed at a specific practical application)
            </label>
            <label>
              <input type="checkbox" checked={publicDomain} onChange={(e) => setPublicDomain(e.target.checked)} /> The information is already in the public domain
            </label>
          </div>
          <p className="hint">Has the authority told you, or do you know, that the goods may be used for any of these?</p>
          {CONCERNS.map((c) => (
            <div key={c.value} className="checks">
              <label>
                <input type="checkbox" checked={informed.includes(c.value)} onChange={() => toggle(informed, setInformed, c.value)} /> The authority informed me of {c.label}
              </label>
              <label>
                <input type="checkbox" checked={aware.includes(c.value)} onChange={() => toggle(aware, setAware, c.value)} /> I am aware of {c.label}
              </label>
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>4. Who receives it?</legend>
          {parties.map((p, i) => (
            <div key={i} className="form-row">
              <SelectField
                label={`Party ${i + 1}: role`}
                value={p.role}
                onChange={(e) => setParties(parties.map((x, j) => (j === i ? { ...x, role: e.target.value } : x)))}
                options={[
                  { value: 'end_user', label: 'End user' },
                  { value: 'consignee', label: 'Consignee' },
                  { value: 'intermediate', label: 'Intermediate consignee' },
                ]}
              />
              <TextField label={`Party ${i + 1}: name`} value={p.name} error={errs[`parties.${i}.name`]} onChange={(e) => setParties(parties.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))} />
              <SelectField label={`Party ${i + 1}: country`} value={p.country} onChange={(e) => setParties(parties.map((x, j) => (j === i ? { ...x, country: e.target.value } : x)))} options={countryOptions} />
            </div>
          ))}
          <Button type="button" variant="secondary" onClick={() => setParties([...parties, { role: 'consignee', name: '', country: '' }])}>
            Add another party
          </Button>
        </fieldset>
        <fieldset>
          <legend>About you</legend>
          <SelectField label="Established in" value={establishedIn} onChange={(e) => setEstablishedIn(e.target.value)} options={countryOptions} error={errs['exporter.establishedIn']} />
          <TextField label="General licences you have registered for" hint={current ? `e.g. ${current.generalLicences.map((g) => g.id).slice(0, 3).join(', ')}` : undefined} value={registered} onChange={(e) => setRegistered(e.target.value)} />
          <label className="checks">
            <input type="checkbox" checked={icp} onChange={(e) => setIcp(e.target.checked)} /> We have an internal compliance programme
          </label>
        </fieldset>
        <FormError error={run.error} />
        <Button type="submit" disabled={run.isPending}>
          {run.isPending ? 'Checking…' : 'Check'}
        </Button>
      </form>
      {run.data && <ResultView result={run.data} />}
    </>
  );
}
