import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../../../api/client';
import { Button, FormError, countryName, fieldErrors, humanFieldLabel } from '../../../components';
import type { Application } from '../types';
import { DraftFrame } from './TaskListPage';
import { partyLabel } from './DocumentUpload';
import { SECTIONS, human, sectionOfField, sectionPath, sectionState, type SectionKey } from './sections';

const newKey = () => (typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : String(Math.random()).slice(2));
const yes = (b: boolean) => (b ? 'Yes' : 'No');

function answers(a: Application, key: SectionKey): [string, ReactNode][] {
  switch (key) {
    case 'route':
      return [
        ['Destination', a.destination ? countryName(a.destination) : 'Not given'],
        ['Transit countries', a.transit.length ? a.transit.map(countryName).join(', ') : 'None'],
        ['Export type', a.exportType === 'temporary' ? `Temporary, returning ${a.temporaryReturnDate ?? '(no date)'}` : 'Permanent'],
      ];
    case 'goods':
      return a.goods.length ? a.goods.map((g, i) => [`Good ${i + 1}`, `${g.description} — ${g.rating ?? 'not on a control list'} — ${g.quantity} ${g.unit}, ${g.value} ${g.currency}`]) : [['Goods', 'None added']];
    case 'parties':
      return a.parties.length ? a.parties.map((p) => [partyLabel(a, p.id).split(':')[0] + (p.subRole ? ` (${human(p.subRole)})` : ''), `${p.name}, ${p.address}, ${countryName(p.country)}`]) : [['Parties', 'None added']];
    case 'end-use':
      return [
        ['End-use statement', a.endUse || 'Not given'],
        ['Military end use', yes(a.declarations.militaryEndUse)],
        ['Informed of a WMD end use', yes(a.declarations.wmdInformed)],
        ['Suspect a WMD end use', yes(a.declarations.wmdSuspected)],
        ['Humanitarian', yes(a.declarations.humanitarian)],
      ];
    case 'documents':
      return a.documents.length ? a.documents.map((d) => [human(d.kind), `${d.filename} — ${partyLabel(a, d.partyId)}`]) : [['Documents', 'None']];
    case 'declarations':
      return [['Declaration', a.declarations.accepted ? 'Confirmed' : 'Not confirmed']];
  }
}

/** What the server says is missing, grouped by section (an incomplete submission never silently becomes a draft). */
function Missing({ id, error }: { id: string; error: unknown }) {
  const f = fieldErrors(error);
  const keys = Object.keys(f);
  const box = useRef<HTMLDivElement>(null);
  // Focus the summary each time a new refusal arrives.
  useEffect(() => {
    if (error) box.current?.focus();
  }, [error]);
  if (!(error instanceof ApiError) || !keys.length) return <FormError error={error} />;
  const by = new Map<SectionKey, string[]>();
  for (const k of keys) by.set(sectionOfField(k), [...(by.get(sectionOfField(k)) ?? []), k]);
  return (
    <div className="alert alert-error error-summary" role="alert" tabIndex={-1} ref={box}>
      <strong>Your application is not complete, so it was not submitted. It is still saved as a draft.</strong>
      <ul>
        {SECTIONS.filter((s) => by.has(s.key)).map((s) => (
          <li key={s.key}>
            <Link to={sectionPath(id, s.key)}>{s.title}</Link>: {by.get(s.key)!.map((k) => `${humanFieldLabel(k)}: ${f[k]}`).join('; ')}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function CheckAnswersPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [key] = useState(newKey);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/applications/${id}/submit`, {}, { 'idempotency-key': `submit-${key}` });
      await qc.invalidateQueries({ queryKey: ['application', id] });
      navigate(`/applications/${id}`);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <DraftFrame id={id} title="Check your answers">
      {(a) => {
        const open = SECTIONS.filter((s) => ['Not started', 'In progress'].includes(sectionState(a, s.key)));
        return (
          <>
            {error ? <Missing id={id} error={error} /> : null}
            {!error && open.length > 0 && (
              <p className="alert alert-info">Still to complete: {open.map((s, i) => <span key={s.key}>{i ? ', ' : ''}<Link to={sectionPath(id, s.key)}>{s.title}</Link></span>)}.</p>
            )}
            {SECTIONS.map((s) => (
              <section key={s.key} className="panel" aria-labelledby={`cya-${s.key}`}>
                <div className="page-header">
                  <h2 id={`cya-${s.key}`}>{s.title}</h2>
                  <Link to={sectionPath(id, s.key)} aria-label={`Change ${s.title.toLowerCase()}`}>Change</Link>
                </div>
                <dl>{answers(a, s.key).map(([k, v], i) => <div key={i}><dt><strong>{k}</strong></dt><dd style={{ marginLeft: 0, marginBottom: 6 }}>{v}</dd></div>)}</dl>
              </section>
            ))}
            <p>By submitting you confirm the answers above. The authority screens every party and assesses the goods; you will see the case reference and the target date.</p>
            <Button onClick={() => void submit()} disabled={busy}>{busy ? 'Submitting…' : 'Submit application'}</Button>
          </>
        );
      }}
    </DraftFrame>
  );
}
