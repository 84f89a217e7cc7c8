import { useState, type FormEvent } from 'react';
import { Button, CountryMultiSelect, CountrySelect, FormError, SelectField, TextArea, TextField, fieldErrors } from '../../../components';
import type { Application } from '../types';
import { useDraft } from './useDraft';

const SaveButtons = ({ busy }: { busy: boolean }) => <Button type="submit" disabled={busy}>{busy ? 'Saving…' : 'Save and continue'}</Button>;

export function RouteSection({ app }: { app: Application }) {
  const { save } = useDraft(app.id, 'route');
  const [destination, setDestination] = useState(app.destination ?? '');
  const [transit, setTransit] = useState<string[]>(app.transit);
  const [exportType, setExportType] = useState(app.exportType);
  const [returnDate, setReturnDate] = useState(app.temporaryReturnDate ?? '');
  const errs = fieldErrors(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ destination: destination || null, transit, exportType, temporaryReturnDate: exportType === 'temporary' ? returnDate || null : null });
  };
  return (
    <form className="panel" onSubmit={submit} noValidate>
      <FormError error={save.error} />
      <CountrySelect label="Destination country" hint="Type part of the name or the two-letter code" value={destination} onChange={setDestination} error={errs.destination} />
      <CountryMultiSelect label="Transit countries" values={transit} onChange={setTransit} error={errs.transit ?? errs['transit.0']} />
      <SelectField label="Export type" value={exportType} onChange={(e) => setExportType(e.target.value)} options={[{ value: 'permanent', label: 'Permanent' }, { value: 'temporary', label: 'Temporary (the goods come back)' }]} />
      {exportType === 'temporary' && <TextField label="Return date" type="date" value={returnDate} onChange={(e) => setReturnDate(e.target.value)} error={errs.temporaryReturnDate} />}
      <SaveButtons busy={save.isPending} />
    </form>
  );
}

export function EndUseSection({ app }: { app: Application }) {
  const { save } = useDraft(app.id, 'end-use');
  const d = app.declarations;
  const [endUse, setEndUse] = useState(app.endUse ?? '');
  const [flags, setFlags] = useState({ militaryEndUse: d.militaryEndUse, wmdInformed: d.wmdInformed, wmdSuspected: d.wmdSuspected, humanitarian: d.humanitarian });
  const errs = fieldErrors(save.error);
  const check = (k: keyof typeof flags, label: string) => (
    <label className="check"><input type="checkbox" checked={flags[k]} onChange={(e) => setFlags({ ...flags, [k]: e.target.checked })} /> {label}</label>
  );
  return (
    <form className="panel" noValidate onSubmit={(e) => { e.preventDefault(); save.mutate({ endUse, declarations: flags }); }}>
      <FormError error={save.error} />
      <TextArea label="End-use statement" hint="What will the end user do with the goods? At least 10 characters." value={endUse} onChange={(e) => setEndUse(e.target.value)} error={errs.endUse} rows={4} />
      <fieldset>
        <legend>About the end use</legend>
        {check('militaryEndUse', 'The goods are for a military end use')}
        {check('wmdInformed', 'I have been informed the goods may be used for weapons of mass destruction')}
        {check('wmdSuspected', 'I suspect a weapons of mass destruction end use')}
        {check('humanitarian', 'Humanitarian or disaster-relief export')}
      </fieldset>
      <SaveButtons busy={save.isPending} />
    </form>
  );
}

export function DeclarationsSection({ app }: { app: Application }) {
  const { save } = useDraft(app.id, 'declarations');
  const [accepted, setAccepted] = useState(app.declarations.accepted);
  const errs = fieldErrors(save.error);
  return (
    <form className="panel" noValidate onSubmit={(e) => { e.preventDefault(); save.mutate({ declarations: { accepted } }); }}>
      <FormError error={save.error} />
      <p>It is an offence to give false or misleading information to obtain a licence. The authority may share what you give it with other government departments and partner states.</p>
      <label className="check"><input type="checkbox" checked={accepted} onChange={(e) => setAccepted(e.target.checked)} aria-invalid={errs['declarations.accepted'] ? true : undefined} /> I declare the information is true and complete</label>
      {errs['declarations.accepted'] && <span className="field-error" role="alert">{errs['declarations.accepted']}</span>}
      <p><SaveButtons busy={save.isPending} /></p>
    </form>
  );
}
