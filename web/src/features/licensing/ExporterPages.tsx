import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Button, DataTable, EmptyState, ErrorState, FormError, Loading, PageHeader, RequireRole, SelectField, StatusBadge, TextArea, TextField, fieldErrors } from '../../components';
import type { Application } from './types';
import { Correspondence } from './Correspondence';

const INDUSTRY = ['exporter', 'exporter_admin'] as const;

interface AppRow { id: string; reference: string | null; status: string; outcome: string | null; destination: string | null; submittedAt: string | null; dueDate: string | null; version: number }

export function ApplicationsPage() {
  const q = useQuery({ queryKey: ['applications'], queryFn: () => api.get<{ applications: AppRow[] }>('/api/applications') });
  const navigate = useNavigate();
  return (
    <RequireRole roles={[...INDUSTRY]}>
      <PageHeader title="My applications">
        <Link className="btn btn-primary" to="/applications/new">New application</Link>
      </PageHeader>
      {q.isLoading ? <Loading /> : q.error ? <ErrorState error={q.error} /> : (
        <DataTable
          caption="Your organisation's licence applications"
          rows={q.data!.applications}
          rowKey={(r) => r.id}
          onRowClick={(r) => navigate(`/applications/${r.id}`)}
          empty={<EmptyState title="No applications yet"><Link to="/applications/new">Start one</Link></EmptyState>}
          columns={[
            { key: 'reference', header: 'Reference', render: (r) => <Link to={`/applications/${r.id}`}>{r.reference ?? 'Draft'}</Link> },
            { key: 'status', header: 'Status', render: (r) => <StatusBadge status={r.status} /> },
            { key: 'outcome', header: 'Outcome', render: (r) => (r.outcome ? <StatusBadge status={r.outcome} /> : '—') },
            { key: 'destination', header: 'Destination' },
            { key: 'submittedAt', header: 'Submitted', render: (r) => r.submittedAt?.slice(0, 10) ?? '—' },
            { key: 'dueDate', header: 'Target date', render: (r) => r.dueDate ?? '—' },
          ]}
        />
      )}
    </RequireRole>
  );
}

const newKey = () => (typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : String(Math.random()).slice(2));

export function NewApplicationPage() {
  const navigate = useNavigate();
  const [f, setF] = useState({
    destination: '', transit: '', exportType: 'permanent', returnDate: '', endUse: '',
    military: false, wmdInformed: false, wmdSuspected: false, humanitarian: false, accepted: false,
    description: '', rating: '', quantity: '1', unit: 'items', value: '0', currency: 'GBP',
    consigneeName: '', consigneeAddress: '', consigneeCountry: '', endUserName: '', endUserAddress: '', endUserCountry: '',
    thirdName: '', thirdAddress: '', thirdCountry: '', thirdRole: 'freight_forwarder',
  });
  const [key] = useState(newKey);
  const [productId, setProductId] = useState('');
  const products = useQuery({ queryKey: ['products'], queryFn: () => api.get<{ products: Product[] }>('/api/products') });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof f) => (e: { target: { value: string; checked?: boolean; type?: string } }) =>
    setF({ ...f, [k]: e.target.type === 'checkbox' ? Boolean(e.target.checked) : e.target.value });
  const errs = fieldErrors(error);
  // Once saved, the form edits that draft (PUT) instead of creating another: a failed submission is never a silent draft.
  const [params] = useSearchParams();
  const [draftId, setDraftId] = useState<string | null>(params.get('draft'));
  const [loaded, setLoaded] = useState(false);
  const existing = useQuery({ queryKey: ['application', draftId], enabled: Boolean(draftId) && !loaded, queryFn: () => api.get<Application>(`/api/applications/${draftId}`) });
  if (existing.data && !loaded) {
    const a = existing.data;
    const g = a.goods[0];
    const byRole = (r: string) => a.parties.find((p) => p.role === r);
    const c = byRole('consignee'), u = byRole('end_user'), t3 = byRole('third_party');
    setF({
      ...f,
      destination: a.destination ?? '', transit: (a.transit ?? []).join(', '), exportType: a.exportType, returnDate: a.temporaryReturnDate ?? '', endUse: a.endUse ?? '',
      military: a.declarations.militaryEndUse, wmdInformed: a.declarations.wmdInformed, wmdSuspected: a.declarations.wmdSuspected, humanitarian: a.declarations.humanitarian, accepted: a.declarations.accepted,
      description: g?.description ?? '', rating: g?.rating ?? '', quantity: String(g?.quantity ?? 1), unit: g?.unit ?? 'items', value: String(g?.value ?? 0), currency: g?.currency ?? 'GBP',
      consigneeName: c?.name ?? '', consigneeAddress: c?.address ?? '', consigneeCountry: c?.country ?? '', endUserName: u?.name ?? '', endUserAddress: u?.address ?? '', endUserCountry: u?.country ?? '',
      thirdName: t3?.name ?? '', thirdAddress: t3?.address ?? '', thirdCountry: t3?.country ?? '', thirdRole: t3?.subRole ?? 'freight_forwarder',
    });
    setLoaded(true);
  }
  const [saved, setSaved] = useState(false);
  const save = async (): Promise<string> => {
    const parties = [
      ...(f.consigneeName ? [{ role: 'consignee', name: f.consigneeName, address: f.consigneeAddress, country: f.consigneeCountry }] : []),
      ...(f.endUserName ? [{ role: 'end_user', name: f.endUserName, address: f.endUserAddress, country: f.endUserCountry }] : []),
      ...(f.thirdName ? [{ role: 'third_party', subRole: f.thirdRole, name: f.thirdName, address: f.thirdAddress, country: f.thirdCountry }] : []),
    ];
    const payload = {
      exportType: f.exportType,
      temporaryReturnDate: f.exportType === 'temporary' ? f.returnDate || null : null,
      destination: f.destination || null,
      transit: f.transit.split(',').map((x) => x.trim()).filter(Boolean),
      endUse: f.endUse,
      declarations: { militaryEndUse: f.military, wmdInformed: f.wmdInformed, wmdSuspected: f.wmdSuspected, humanitarian: f.humanitarian, accepted: f.accepted },
      goods: f.description || productId ? [{ productId: productId || null, description: f.description, rating: f.rating || null, quantity: Number(f.quantity), unit: f.unit, value: Number(f.value), currency: f.currency }] : [],
      parties,
    };
    if (draftId) {
      await api.put(`/api/applications/${draftId}`, payload);
      return draftId;
    }
    const d = await api.post<{ id: string }>('/api/applications', payload, { 'idempotency-key': `create-${key}` });
    setDraftId(d.id);
    return d.id;
  };
  const saveOnly = async () => {
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await save();
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const id = await save();
      await api.post(`/api/applications/${id}/submit`, {}, { 'idempotency-key': `submit-${key}-${Date.now()}` });
      navigate(`/applications/${id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const legacySubmit = async () => {
    try {
      const parties = [
        { role: 'consignee', name: f.consigneeName, address: f.consigneeAddress, country: f.consigneeCountry },
        { role: 'end_user', name: f.endUserName, address: f.endUserAddress, country: f.endUserCountry },
        ...(f.thirdName ? [{ role: 'third_party', subRole: f.thirdRole, name: f.thirdName, address: f.thirdAddress, country: f.thirdCountry }] : []),
      ];
      const draft = await api.post<{ id: string }>('/api/applications', {
        exportType: f.exportType,
        temporaryReturnDate: f.exportType === 'temporary' ? f.returnDate || null : null,
        destination: f.destination || null,
        transit: f.transit.split(',').map((s) => s.trim()).filter(Boolean),
        endUse: f.endUse,
        declarations: { militaryEndUse: f.military, wmdInformed: f.wmdInformed, wmdSuspected: f.wmdSuspected, humanitarian: f.humanitarian, accepted: f.accepted },
        goods: [{ productId: productId || null, description: f.description, rating: f.rating || null, quantity: Number(f.quantity), unit: f.unit, value: Number(f.value), currency: f.currency }],
        parties,
      }, { 'idempotency-key': `create-${key}` });
      navigate(`/applications/${draft.id}`);
    } catch (err) {
      setError(err);
    }
  };
  void legacySubmit;
  return (
    <RequireRole roles={[...INDUSTRY]}>
      <PageHeader title={draftId ? 'Continue your application' : 'New licence application'} />
      <form onSubmit={submit} noValidate className="panel">
        <FormError error={error} />
        {draftId && error ? <p role="status">Your answers are saved as a draft. Correct the fields marked below and submit again, or come back to it later from My applications.</p> : null}
        {saved && <p role="status">Draft saved. You can come back to it from <Link to={`/applications/${draftId}`}>the application page</Link>.</p>}
        <fieldset>
          <legend>Route</legend>
          <TextField label="Destination country (ISO code)" value={f.destination} onChange={set('destination')} error={errs.destination} maxLength={2} />
          <TextField label="Transit countries (comma separated ISO codes)" value={f.transit} onChange={set('transit')} error={errs.transit} />
          <SelectField label="Export type" value={f.exportType} onChange={set('exportType')} options={[{ value: 'permanent', label: 'Permanent' }, { value: 'temporary', label: 'Temporary (goods return)' }]} />
          {f.exportType === 'temporary' && <TextField label="Return date" type="date" value={f.returnDate} onChange={set('returnDate')} error={errs.temporaryReturnDate} />}
        </fieldset>
        <fieldset>
          <legend>Goods</legend>
          {(products.data?.products.length ?? 0) > 0 && (
            <SelectField
              label="From your catalogue (optional)"
              value={productId}
              onChange={(e) => {
                const pr = products.data!.products.find((x) => x.id === e.target.value);
                setProductId(e.target.value);
                if (pr) setF({ ...f, description: pr.description, rating: pr.rating ?? '' });
              }}
              options={[{ value: '', label: 'Not from the catalogue' }, ...products.data!.products.map((x) => ({ value: x.id, label: `${x.name} (${x.rating ?? 'unrated'})` }))]}
            />
          )}
          <TextField label="Good description" value={f.description} onChange={set('description')} error={errs['goods.0.description'] ?? errs.goods} />
          <TextField label="Control rating (blank if unrated)" value={f.rating} onChange={set('rating')} />
          <TextField label="Quantity" type="number" value={f.quantity} onChange={set('quantity')} error={errs['goods.0.quantity']} />
          <TextField label="Unit" value={f.unit} onChange={set('unit')} />
          <TextField label="Value" type="number" value={f.value} onChange={set('value')} error={errs['goods.0.value']} />
          <TextField label="Currency" value={f.currency} onChange={set('currency')} maxLength={3} />
        </fieldset>
        <fieldset>
          <legend>Parties</legend>
          <TextField label="Consignee name" value={f.consigneeName} onChange={set('consigneeName')} error={errs['parties.consignee']} />
          <TextField label="Consignee address" value={f.consigneeAddress} onChange={set('consigneeAddress')} />
          <TextField label="Consignee country (ISO code)" value={f.consigneeCountry} onChange={set('consigneeCountry')} maxLength={2} />
          <TextField label="End user name" value={f.endUserName} onChange={set('endUserName')} error={errs['parties.end_user']} />
          <TextField label="End user address" value={f.endUserAddress} onChange={set('endUserAddress')} />
          <TextField label="End user country (ISO code)" value={f.endUserCountry} onChange={set('endUserCountry')} maxLength={2} />
          <TextField label="Third party name (optional)" value={f.thirdName} onChange={set('thirdName')} />
          <SelectField label="Third party role" value={f.thirdRole} onChange={set('thirdRole')} options={['broker', 'agent', 'freight_forwarder', 'intermediate_consignee', 'consultant', 'other'].map((v) => ({ value: v, label: v.replace(/_/g, ' ') }))} />
          <TextField label="Third party address" value={f.thirdAddress} onChange={set('thirdAddress')} />
          <TextField label="Third party country (ISO code)" value={f.thirdCountry} onChange={set('thirdCountry')} maxLength={2} />
        </fieldset>
        <fieldset>
          <legend>End use and declarations</legend>
          <TextArea label="End-use statement" value={f.endUse} onChange={set('endUse')} error={errs.endUse} rows={3} />
          <label className="check"><input type="checkbox" checked={f.military} onChange={set('military')} /> The goods are for a military end use</label>
          <label className="check"><input type="checkbox" checked={f.wmdInformed} onChange={set('wmdInformed')} /> I have been informed the goods may be used for weapons of mass destruction</label>
          <label className="check"><input type="checkbox" checked={f.wmdSuspected} onChange={set('wmdSuspected')} /> I suspect a weapons of mass destruction end use</label>
          <label className="check"><input type="checkbox" checked={f.humanitarian} onChange={set('humanitarian')} /> Humanitarian or disaster-relief export</label>
          <label className="check"><input type="checkbox" checked={f.accepted} onChange={set('accepted')} /> I declare the information is true and complete</label>
          {errs['declarations.accepted'] && <span className="field-error" role="alert">Declaration: {errs['declarations.accepted']}</span>}
        </fieldset>
        <Button type="button" variant="secondary" disabled={busy} onClick={() => void saveOnly()}>Save draft</Button>{' '}
        <Button type="submit" disabled={busy}>{busy ? 'Submitting…' : 'Submit application'}</Button>
      </form>
    </RequireRole>
  );
}

export function ApplicationPage() {
  const { id } = useParams();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['application', id], queryFn: () => api.get<Application>(`/api/applications/${id}`) });
  const refresh = () => qc.invalidateQueries({ queryKey: ['application', id] });
  const submit = useMutation({ mutationFn: () => api.post(`/api/applications/${id}/submit`), onSuccess: refresh });
  const withdraw = useMutation({ mutationFn: () => api.post(`/api/applications/${id}/withdraw`, { reason: 'Withdrawn by the exporter' }), onSuccess: refresh });
  const navigate = useNavigate();
  const copy = useMutation({ mutationFn: () => api.post<{ id: string }>(`/api/applications/${id}/copy`), onSuccess: (d) => navigate(`/applications/new?draft=${d.id}`) });
  const remove = useMutation({ mutationFn: () => api.delete(`/api/applications/${id}`), onSuccess: () => navigate('/applications') });
  if (q.isLoading) return <Loading />;
  if (q.error) return <ErrorState error={q.error} />;
  const a = q.data!;
  const open = ['submitted', 'initial_checks', 'under_review', 'referred', 'countersigning', 'under_final_review'].includes(a.status);
  return (
    <RequireRole roles={[...INDUSTRY]}>
      <PageHeader title={`Application ${a.reference ?? '(draft)'}`}>
        {a.status === 'draft' && <Link className="btn" to={`/applications/new?draft=${a.id}`}>Edit draft</Link>}
        {a.status === 'draft' && <Button onClick={() => submit.mutate()}>Submit</Button>}
        <Button variant="secondary" onClick={() => copy.mutate()}>Copy to a new draft</Button>
        {a.status === 'draft' && <Button variant="danger" onClick={() => { if (window.confirm('Delete this draft? This cannot be undone.')) remove.mutate(); }}>Delete draft</Button>}
        {open && <Button variant="danger" onClick={() => { if (window.confirm('Withdraw this application? The authority stops considering it.')) withdraw.mutate(); }}>Withdraw</Button>}
      </PageHeader>
      <FormError error={submit.error ?? withdraw.error ?? copy.error ?? remove.error} />
      {a.status !== 'draft' && !['finalised', 'withdrawn', 'superseded', 'appeal_decided', 'under_appeal'].includes(a.status) && <p>Your application is under review.</p>}
      <p>
        Status <StatusBadge status={a.status} /> {a.outcome && <>Outcome <StatusBadge status={a.outcome} /></>}
      </p>
      {a.clock && a.clock.daysRemaining !== null && (
        <p data-testid="clock">
          Target decision date {a.clock.dueDate} ({a.clock.paused ? 'clock stopped while a question is open' : `${a.clock.daysRemaining} working days left`})
        </p>
      )}
      {a.determination && (
        <section className="panel" aria-labelledby="det-h">
          <h2 id="det-h">Determination on submission</h2>
          <p><StatusBadge status={a.determination.outcome} /> <small>{a.determination.policyVersion}</small></p>
          <ul>{a.determination.reasons.map((r, i) => <li key={i}>{r}</li>)}</ul>
        </section>
      )}
      <Questions app={a} onDone={refresh} />
      {a.status !== 'draft' && <Correspondence base={`/api/applications/${a.id}`} documents={a.documents} />}
      {a.decision && (
        <section className="panel" aria-labelledby="dec-h">
          <h2 id="dec-h">Decision</h2>
          <p><StatusBadge status={a.decision.outcome} /> on {a.decision.decidedAt?.slice(0, 10)}</p>
          {a.decision.provisos && <p><strong>Provisos:</strong> {a.decision.provisos}</p>}
          {a.decision.criteria.length > 0 && <ul>{a.decision.criteria.map((c) => <li key={c.code}>Criterion {c.code}: {c.title}</li>)}</ul>}
          {a.decision.rationale && <p>{a.decision.rationale}</p>}
          {a.outcome === 'refused' && <a href={`/api/applications/${a.id}/refusal-letter`}>Refusal letter (PDF)</a>}
        </section>
      )}
      {a.licences.length > 0 && (
        <section className="panel" aria-labelledby="lic-h">
          <h2 id="lic-h">Licences</h2>
          <ul>
            {a.licences.map((l) => (
              <li key={l.id}>
                <Link to={`/licences/${l.id}`}>{l.reference}</Link> <StatusBadge status={l.status} /> valid {l.validFrom} to {l.validTo}
                {l.onAppeal && ' (issued on appeal)'} · <a href={`/api/licences/${l.id}/pdf`}>PDF</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {a.status === 'finalised' && a.outcome === 'refused' && <AppealForm id={a.id} deadline={a.decision?.appealDeadline ?? null} onDone={refresh} />}
      {a.appeals.length > 0 && (
        <section className="panel" aria-labelledby="ap-h">
          <h2 id="ap-h">Appeal</h2>
          {a.appeals.map((p) => <p key={p.id}><StatusBadge status={p.status} /> lodged {p.lodgedAt.slice(0, 10)}{p.rationale ? `: ${p.rationale}` : ''}</p>)}
        </section>
      )}
      <section className="panel" aria-labelledby="goods-h">
        <h2 id="goods-h">Goods and parties</h2>
        <ul>{a.goods.map((g) => <li key={g.id}>{g.description} ({g.rating ?? 'unrated'}) — {g.quantity} {g.unit}, {g.value} {g.currency}</li>)}</ul>
        <ul>{a.parties.map((p) => <li key={p.id}>{p.role.replace(/_/g, ' ')}{p.subRole ? ` (${p.subRole.replace(/_/g, ' ')})` : ''}: {p.name}, {p.address}, {p.country}</li>)}</ul>
        <p>Destination {a.destination}{a.transit.length ? ` via ${a.transit.join(', ')}` : ''}</p>
      </section>
      <Documents app={a} onDone={refresh} />
    </RequireRole>
  );
}

function Questions({ app, onDone }: { app: Application; onDone: () => void }) {
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const answer = useMutation({ mutationFn: (qid: string) => api.post(`/api/applications/${app.id}/questions/${qid}/answer`, { answer: answers[qid] ?? '' }), onSuccess: onDone });
  if (!app.questions.length) return null;
  return (
    <section className="panel" aria-labelledby="q-h">
      <h2 id="q-h">Questions from the authority</h2>
      <FormError error={answer.error} />
      {app.questions.map((q) => (
        <div key={q.id} className="question">
          <p><strong>{q.text}</strong> <time>{q.askedAt.slice(0, 10)}</time></p>
          {q.open ? (
            <form onSubmit={(e) => { e.preventDefault(); answer.mutate(q.id); }}>
              <TextArea label="Your answer" value={answers[q.id] ?? ''} onChange={(e) => setAnswers({ ...answers, [q.id]: e.target.value })} rows={3} />
              <Button type="submit" disabled={answer.isPending}>Send answer</Button>
            </form>
          ) : (
            <p>Answer: {q.answer}</p>
          )}
        </div>
      ))}
    </section>
  );
}

function AppealForm({ id, deadline, onDone }: { id: string; deadline: string | null; onDone: () => void }) {
  const [grounds, setGrounds] = useState('');
  const appeal = useMutation({ mutationFn: () => api.post(`/api/applications/${id}/appeal`, { grounds }), onSuccess: onDone });
  return (
    <section className="panel" aria-labelledby="appeal-h">
      <h2 id="appeal-h">Appeal the refusal</h2>
      {deadline && <p>You may appeal until {deadline.slice(0, 10)}.</p>}
      <form onSubmit={(e) => { e.preventDefault(); appeal.mutate(); }}>
        <FormError error={appeal.error} />
        <TextArea label="Grounds of appeal" value={grounds} onChange={(e) => setGrounds(e.target.value)} rows={4} error={fieldErrors(appeal.error).grounds} />
        <Button type="submit" disabled={appeal.isPending}>Lodge appeal</Button>
      </form>
    </section>
  );
}

function Documents({ app, onDone }: { app: Application; onDone: () => void }) {
  const [kind, setKind] = useState('end_user_undertaking');
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: () => {
      const form = new FormData();
      form.append('kind', kind);
      if (file) form.append('file', file);
      return api.upload(`/api/applications/${app.id}/documents?kind=${kind}`, form);
    },
    onSuccess: onDone,
  });
  return (
    <section className="panel" aria-labelledby="docs-h">
      <h2 id="docs-h">Supporting documents</h2>
      <ul>{app.documents.map((d) => <li key={d.id}><a href={`/api/applications/${app.id}/documents/${d.id}`}>{d.filename}</a> ({d.kind.replace(/_/g, ' ')}, {Math.ceil(d.size / 1024)} KB)</li>)}</ul>
      <form onSubmit={(e) => { e.preventDefault(); upload.mutate(); }}>
        <FormError error={upload.error} />
        <SelectField label="Document type" value={kind} onChange={(e) => setKind(e.target.value)} options={['end_user_undertaking', 'technical_specification', 'contract', 'appeal_evidence', 'other'].map((v) => ({ value: v, label: v.replace(/_/g, ' ') }))} />
        <div className="field">
          <label htmlFor="doc-file">File (PDF, PNG, JPEG, text or CSV, up to 10 MB)</label>
          <input id="doc-file" type="file" accept=".pdf,.png,.jpg,.jpeg,.txt,.csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </div>
        <Button type="submit" variant="secondary" disabled={!file || upload.isPending}>Upload</Button>
      </form>
    </section>
  );
}

interface Product { id: string; name: string; description: string; rating: string | null; partNumber: string | null }

export function ProductsPage() {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['products'], queryFn: () => api.get<{ products: Product[] }>('/api/products') });
  const [p, setP] = useState({ name: '', description: '', rating: '', partNumber: '' });
  const add = useMutation({
    mutationFn: () => api.post('/api/products', { name: p.name, description: p.description, rating: p.rating || null, partNumber: p.partNumber || null }),
    onSuccess: () => {
      setP({ name: '', description: '', rating: '', partNumber: '' });
      qc.invalidateQueries({ queryKey: ['products'] });
    },
  });
  const errs = fieldErrors(add.error);
  return (
    <RequireRole roles={[...INDUSTRY]}>
      <PageHeader title="Product catalogue" />
      {q.isLoading ? <Loading /> : q.error ? <ErrorState error={q.error} /> : (
        <DataTable
          caption="Your organisation's products"
          rows={q.data!.products}
          rowKey={(r) => r.id}
          empty={<EmptyState title="No products yet" />}
          columns={[
            { key: 'name', header: 'Name' },
            { key: 'rating', header: 'Rating', render: (r) => r.rating ?? 'unrated' },
            { key: 'description', header: 'Description' },
            { key: 'partNumber', header: 'Part number', render: (r) => r.partNumber ?? '' },
          ]}
        />
      )}
      <form className="panel" onSubmit={(e) => { e.preventDefault(); add.mutate(); }}>
        <h2>Add a product</h2>
        <FormError error={add.error} />
        <TextField label="Product name" value={p.name} onChange={(e) => setP({ ...p, name: e.target.value })} error={errs.name} />
        <TextArea label="Product description" value={p.description} onChange={(e) => setP({ ...p, description: e.target.value })} error={errs.description} rows={2} />
        <TextField label="Product control rating (blank if unrated)" value={p.rating} onChange={(e) => setP({ ...p, rating: e.target.value })} />
        <TextField label="Part number" value={p.partNumber} onChange={(e) => setP({ ...p, partNumber: e.target.value })} />
        <Button type="submit" disabled={add.isPending}>Add product</Button>
      </form>
    </RequireRole>
  );
}
