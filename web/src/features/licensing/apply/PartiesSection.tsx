import { useState, type FormEvent } from 'react';
import { Button, CountrySelect, FormError, SelectField, TextArea, TextField, fieldErrors } from '../../../components';
import type { Application } from '../types';
import { PARTY_ROLE_LABEL, THIRD_PARTY_ROLES, human } from './sections';
import { useDraft } from './useDraft';

interface P { id?: string; role: string; subRole: string; name: string; address: string; country: string; type: string }

const blank = (role: string): P => ({ role, subRole: role === 'third_party' ? 'freight_forwarder' : '', name: '', address: '', country: '', type: 'entity' });

/** Consignee, end user, and any ultimate end users and third parties; existing parties keep their id (and documents). */
export function PartiesSection({ app }: { app: Application }) {
  const { save } = useDraft(app.id, 'parties');
  const from = (role: string) => app.parties.filter((p) => p.role === role).map((p) => ({ id: p.id, role: p.role, subRole: p.subRole ?? '', name: p.name, address: p.address, country: p.country, type: p.type }));
  const [list, setList] = useState<P[]>(() => [
    from('consignee')[0] ?? blank('consignee'),
    from('end_user')[0] ?? blank('end_user'),
    ...app.parties.filter((p) => p.role !== 'consignee' && p.role !== 'end_user').map((p) => ({ id: p.id, role: p.role, subRole: p.subRole ?? '', name: p.name, address: p.address, country: p.country, type: p.type })),
  ]);
  const errs = fieldErrors(save.error);
  const set = (i: number, patch: Partial<P>) => setList(list.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // A party left empty is not sent; one partly filled is, so the server says what is missing.
    const sent = list.filter((p) => p.name.trim() || p.address.trim() || p.country);
    save.mutate({ parties: sent.map((p) => ({ ...(p.id ? { id: p.id } : {}), role: p.role, subRole: p.role === 'third_party' ? p.subRole : null, name: p.name, address: p.address, country: p.country, type: p.type })) });
  };
  const sentIndex = (i: number) => list.slice(0, i).filter((p) => p.name.trim() || p.address.trim() || p.country).length;
  return (
    <form className="panel" onSubmit={submit} noValidate>
      <FormError error={save.error} />
      {list.map((p, i) => {
        const e = (k: string) => errs[`parties.${sentIndex(i)}.${k}`];
        const title = i < 2 ? PARTY_ROLE_LABEL[p.role] : `Other party ${i - 1}`;
        return (
          <fieldset key={p.id ?? `new-${i}`}>
            <legend>{title}</legend>
            {i >= 2 && (
              <SelectField label="Role" value={p.role} onChange={(ev) => set(i, { role: ev.target.value, subRole: ev.target.value === 'third_party' ? p.subRole || 'freight_forwarder' : '' })}
                options={[{ value: 'ultimate_end_user', label: 'Ultimate end user' }, { value: 'third_party', label: 'Third party' }]} />
            )}
            {p.role === 'third_party' && <SelectField label="Third party role" value={p.subRole} onChange={(ev) => set(i, { subRole: ev.target.value })} options={THIRD_PARTY_ROLES.map((v) => ({ value: v, label: human(v) }))} />}
            <TextField label="Name" value={p.name} onChange={(ev) => set(i, { name: ev.target.value })} error={e('name') ?? (p.role === 'consignee' ? errs['parties.consignee'] : p.role === 'end_user' && i === 1 ? errs['parties.end_user'] : undefined)} />
            <TextArea label="Address" rows={2} value={p.address} onChange={(ev) => set(i, { address: ev.target.value })} error={e('address')} />
            <CountrySelect label="Country" value={p.country} onChange={(country) => set(i, { country })} error={e('country')} />
            <SelectField label="Type" value={p.type} onChange={(ev) => set(i, { type: ev.target.value })} options={[{ value: 'entity', label: 'Organisation' }, { value: 'individual', label: 'Individual' }]} />
            {i >= 2 && <Button type="button" variant="secondary" onClick={() => setList(list.filter((_, j) => j !== i))}>Remove {title.toLowerCase()}</Button>}
          </fieldset>
        );
      })}
      <p><Button type="button" variant="secondary" onClick={() => setList([...list, blank('third_party')])}>Add another party</Button></p>
      <Button type="submit" disabled={save.isPending}>{save.isPending ? 'Saving…' : 'Save and continue'}</Button>
    </form>
  );
}
