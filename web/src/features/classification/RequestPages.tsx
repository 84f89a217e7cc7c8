import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, qs, ApiError } from '../../api/client';
import { hasRole, useAuth } from '../../auth';
import { Button, DataTable, EmptyState, ErrorState, FormError, Loading, PageHeader, RequireRole, SelectField, StatusBadge, TextArea, TextField, fieldErrors } from '../../components';
import { ParametersEditor, emptyParam, toParameters, type ParamRow } from './ParametersEditor';
import { FILERS, OFFICERS, REQUEST_READERS, formatParam, rating, type ClassificationRequest, type Precedent, type RequestSummary } from './types';
import { PrecedentList } from './PrecedentList';
import { PublicationPanel } from './PublicationPanel';

/** Exporters' requests, or the officers' queue (`queue` starts on requests awaiting a ruling). */
export function RequestListPage({ queue = false }: { queue?: boolean }) {
  return (
    <RequireRole roles={[...REQUEST_READERS]}>
      <RequestList queue={queue} />
    </RequireRole>
  );
}

function RequestList({ queue }: { queue: boolean }) {
  const { me } = useAuth();
  const [status, setStatus] = useState(queue ? 'submitted' : '');
  const [text, setText] = useState('');
  const q = useQuery({
    queryKey: ['classification-requests', status, text],
    queryFn: () => api.get<{ total: number; requests: RequestSummary[] }>(`/api/classification/requests${qs({ status, q: text, limit: 200 })}`),
  });
  const navigate = useNavigate();
  const isFiler = hasRole(me, [...FILERS]);
  return (
    <>
      <PageHeader title={queue ? 'Classification queue' : 'Classification requests'}>
        {isFiler && <Link to="/classification/requests/new" className="btn btn-primary">New classification request</Link>}
      </PageHeader>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <SelectField label="Status" value={status} onChange={(e) => setStatus(e.target.value)} options={[{ value: '', label: 'All' }, { value: 'submitted', label: 'Awaiting ruling' }, { value: 'ruled', label: 'Ruled' }]} />
        <TextField label="Search" hint="Reference, product, manufacturer or part number" value={text} onChange={(e) => setText(e.target.value)} />
      </form>
      {q.error ? <ErrorState error={q.error} /> : !q.data ? <Loading /> : (
        <DataTable
          rows={q.data!.requests}
          rowKey={(r) => r.id}
          caption={`${q.data!.total} request${q.data!.total === 1 ? '' : 's'}`}
          onRowClick={(r) => navigate(`/classification/requests/${r.id}`)}
          empty={<EmptyState title={queue ? 'No requests await a ruling' : 'No classification requests yet'} />}
          columns={[
            { key: 'reference', header: 'Reference', render: (r) => <Link to={`/classification/requests/${r.id}`}>{r.reference}</Link>, sortValue: (r) => r.reference },
            { key: 'productName', header: 'Product' },
            { key: 'manufacturer', header: 'Manufacturer' },
            ...(isFiler ? [] : [{ key: 'organisation', header: 'Exporter', render: (r: RequestSummary) => r.organisation.name, sortValue: (r: RequestSummary) => r.organisation.name }]),
            { key: 'submittedAt', header: 'Filed', render: (r) => r.submittedAt.slice(0, 10) },
            { key: 'status', header: 'Status', render: (r) => <StatusBadge status={r.status === 'ruled' ? 'ok' : 'submitted'} label={r.status === 'ruled' ? 'ruled' : 'awaiting ruling'} /> },
            { key: 'ruling', header: 'Rating', render: (r) => (r.ruling ? rating(r.ruling) : ''), sortValue: (r) => r.ruling?.code ?? '' },
          ]}
        />
      )}
    </>
  );
}

/** The exporter's form: product, parameters, consent, optional datasheet. */
export function NewRequestPage() {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form, setForm] = useState({ productName: '', description: '', manufacturer: '', partNumber: '', publishPartNumber: false, publishDescription: false });
  const [params, setParams] = useState<ParamRow[]>([emptyParam()]);
  const [file, setFile] = useState<File | null>(null);
  // One key per form: a double click or a retry after a network error files the request once.
  const [idempotencyKey] = useState(() => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(''));
  const m = useMutation({
    mutationFn: async () => {
      const created = await api.post<ClassificationRequest>(
        '/api/classification/requests',
        { ...form, partNumber: form.partNumber.trim() || null, parameters: toParameters(params) },
        { 'idempotency-key': idempotencyKey },
      );
      let uploadError: string | null = null;
      if (file) {
        const fd = new FormData();
        fd.append('file', file, file.name);
        try {
          await api.upload(`/api/classification/requests/${created.id}/datasheet`, fd);
        } catch (e) {
          // The request exists; its page offers the upload again.
          uploadError = e instanceof ApiError ? (e.fields.file ? `Datasheet ${e.fields.file}` : e.message) : String(e);
        }
      }
      return { created, uploadError };
    },
    onSuccess: ({ created, uploadError }) => {
      qc.invalidateQueries({ queryKey: ['classification-requests'] });
      navigate(`/classification/requests/${created.id}`, { state: { uploadError } });
    },
  });
  const f = fieldErrors(m.error);
  const set = (k: 'productName' | 'description' | 'manufacturer' | 'partNumber') => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate();
  };
  return (
    <RequireRole roles={[...FILERS]}>
      <PageHeader title="New classification request" />
      <p>Ask the authority for a formal control rating of a product. An officer answers with a control entry (down to the sub-item) or “not listed”, with reasons.</p>
      <form onSubmit={submit} noValidate>
        <FormError error={m.error} />
        <TextField label="Product name" value={form.productName} onChange={set('productName')} error={f.productName} required maxLength={200} />
        <TextArea label="Description" hint="What it is, what it does, what it is designed for" value={form.description} onChange={set('description')} error={f.description} required rows={5} maxLength={10000} />
        <TextField label="Manufacturer" value={form.manufacturer} onChange={set('manufacturer')} error={f.manufacturer} required maxLength={200} />
        <TextField label="Part number" value={form.partNumber} onChange={set('partNumber')} error={f.partNumber} maxLength={100} />
        <div className={`field${f.publishPartNumber ? ' has-error' : ''}`}>
          <label>
            <input type="checkbox" checked={form.publishPartNumber} onChange={(e) => setForm({ ...form, publishPartNumber: e.target.checked })} /> Publish the part number with the redacted ruling
          </label>
          <span className="hint">Published rulings never show your organisation. The part number appears only with your consent.</span>
          {f.publishPartNumber && <span className="field-error" role="alert">{f.publishPartNumber}</span>}
        </div>
        <div className="field">
          <label>
            <input type="checkbox" checked={form.publishDescription} onChange={(e) => setForm({ ...form, publishDescription: e.target.checked })} /> Publish the product description (redacted) with the ruling
          </label>
          <span className="hint">Without your consent the public sees only the officer’s summary, the rating and the deciding parameters.</span>
        </div>
        <ParametersEditor rows={params} onChange={setParams} errors={f} />
        <TextField label="Datasheet (optional)" type="file" accept="application/pdf,image/png,image/jpeg,text/plain,text/csv" hint="PDF, PNG, JPEG, text or CSV, up to 10 MB" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        <Button type="submit" disabled={m.isPending}>{m.isPending ? 'Filing…' : 'File request'}</Button>
      </form>
    </RequireRole>
  );
}

function DatasheetUpload({ id }: { id: string }) {
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const m = useMutation({
    mutationFn: () => {
      const fd = new FormData();
      if (file) fd.append('file', file, file.name);
      return api.upload(`/api/classification/requests/${id}/datasheet`, fd);
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['classification-request', id] }),
  });
  return (
    <form className="inline-form" onSubmit={(e) => { e.preventDefault(); m.mutate(); }}>
      <TextField label="Upload datasheet" type="file" accept="application/pdf,image/png,image/jpeg,text/plain,text/csv" hint="PDF, PNG, JPEG, text or CSV, up to 10 MB" onChange={(e) => setFile(e.target.files?.[0] ?? null)} error={fieldErrors(m.error).file} />
      <Button type="submit" variant="secondary" disabled={!file || m.isPending}>Upload</Button>
      {m.error && !fieldErrors(m.error).file ? <FormError error={m.error} /> : null}
      {m.isSuccess && <span role="status">Datasheet uploaded.</span>}
    </form>
  );
}

/** Shows the title of the entry the officer typed (public controls API), so a typo is seen before ruling. */
function EntryPreview({ list, code }: { list: string; code: string }) {
  const c = code.trim();
  const ready = /^(\d[A-Ea-e]\d{3}|ML\d{1,2}|PL\d{4}|EAR99)/i.test(c);
  const q = useQuery({
    queryKey: ['control-entry', list, c],
    queryFn: () => api.get<{ code: string; title: string; children?: { code: string; title: string }[] }>(`/api/controls/entries/${encodeURIComponent(c)}${qs({ list })}`),
    enabled: ready,
    retry: false,
    staleTime: 60_000,
  });
  if (!ready) return null;
  return (
    <p className="hint" aria-live="polite" data-testid="entry-preview">
      {q.isFetching ? 'Looking up…' : q.data ? `${q.data.code}: ${q.data.title}` : q.error ? `No entry ${c} in this list today` : ''}
      {!q.isFetching && q.data?.children?.length ? (
        <>
          <br />
          Has sub-items {q.data.children.slice(0, 8).map((x) => x.code).join(', ')}
          {q.data.children.length > 8 ? ' …' : ''}: rate down to the sub-item that applies.
        </>
      ) : null}
    </p>
  );
}

function RulingForm({ id }: { id: string }) {
  const qc = useQueryClient();
  const [list, setList] = useState('eu');
  const [code, setCode] = useState('');
  const [notListed, setNotListed] = useState(false);
  const [rationale, setRationale] = useState('');
  const m = useMutation({
    mutationFn: () => api.post<ClassificationRequest>(`/api/classification/requests/${id}/ruling`, notListed ? { notListed: true, rationale } : { list, code, rationale }),
    onSuccess: (data) => {
      qc.setQueryData(['classification-request', id], data);
      qc.invalidateQueries({ queryKey: ['classification-requests'] });
    },
  });
  const f = fieldErrors(m.error);
  return (
    <form className="panel" onSubmit={(e) => { e.preventDefault(); m.mutate(); }} noValidate>
      <h2>Rule on this request</h2>
      <FormError error={m.error} />
      <div className="field">
        <label>
          <input type="checkbox" checked={notListed} onChange={(e) => setNotListed(e.target.checked)} /> Not listed on any control list
        </label>
        {f.notListed && <span className="field-error" role="alert">{f.notListed}</span>}
      </div>
      {!notListed && (
        <div className="inline-form">
          <SelectField label="Control list" value={list} onChange={(e) => setList(e.target.value)} options={[{ value: 'eu', label: 'EU Annex I' }, { value: 'uk', label: 'UK ratings' }, { value: 'us', label: 'US CCL' }]} />
          <TextField label="Control entry" hint="Down to the sub-item, e.g. 5A002.a.1" value={code} onChange={(e) => setCode(e.target.value)} error={f.code} />
        </div>
      )}
      {!notListed && <EntryPreview list={list} code={code} />}
      <TextArea label="Rationale" value={rationale} onChange={(e) => setRationale(e.target.value)} error={f.rationale} rows={4} />
      <Button type="submit" disabled={m.isPending}>Issue ruling</Button>
    </form>
  );
}

function SimilarPrecedents({ id }: { id: string }) {
  const q = useQuery({ queryKey: ['precedents-like', id], queryFn: () => api.get<{ results: Precedent[] }>(`/api/classification/precedents${qs({ like: id, limit: 5 })}`) });
  return (
    <section className="panel">
      <h2>Similar precedents</h2>
      {q.error ? <ErrorState error={q.error} /> : !q.data ? <Loading /> : <PrecedentList results={q.data!.results} />}
    </section>
  );
}

export function RequestDetailPage() {
  return (
    <RequireRole roles={[...REQUEST_READERS]}>
      <RequestDetail />
    </RequireRole>
  );
}

function RequestDetail() {
  const { id = '' } = useParams();
  const { me } = useAuth();
  const uploadError = (useLocation().state as { uploadError?: string | null } | null)?.uploadError;
  const q = useQuery({ queryKey: ['classification-request', id], queryFn: () => api.get<ClassificationRequest>(`/api/classification/requests/${encodeURIComponent(id)}`), retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2 });
  const isFiler = hasRole(me, [...FILERS]);
  const isOfficer = hasRole(me, [...OFFICERS]);
  if (q.isLoading) return <Loading />;
  if (q.error || !q.data) return <ErrorState error={q.error} />;
  const r = q.data;
  return (
          <>
            {uploadError && !r.datasheet && (
              <p className="alert alert-error" role="alert">The request was filed, but the datasheet was not accepted: {uploadError}. You can upload it again below.</p>
            )}
            <PageHeader title={`${r.reference}: ${r.productName}`}>
              <StatusBadge status={r.status === 'ruled' ? 'ok' : 'submitted'} label={r.status === 'ruled' ? 'ruled' : 'awaiting ruling'} />
            </PageHeader>
            {r.ruling ? (
              <section className="panel" aria-labelledby="ruling-h" data-testid="ruling">
                <h2 id="ruling-h">Ruling</h2>
                <p className="stat-value" data-testid="ruling-rating">{rating(r.ruling)}</p>
                {r.ruling.title && <p>{r.ruling.title}</p>}
                <p><strong>Rationale:</strong> {r.ruling.rationale}</p>
                <p className="hint">Ruled {r.ruling.ruledAt.slice(0, 10)}{r.ruling.ruledBy ? ` by ${r.ruling.ruledBy}` : ''}</p>
              </section>
            ) : (
              <p className="alert alert-info" role="status">This request awaits an officer’s ruling.</p>
            )}
            <section className="panel">
              <h2>Product</h2>
              <dl style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '4px 16px', margin: 0 }}>
                <dt>Description</dt><dd style={{ whiteSpace: 'pre-wrap' }}>{r.description}</dd>
                <dt>Manufacturer</dt><dd>{r.manufacturer}</dd>
                <dt>Part number</dt><dd>{r.partNumber ?? '—'} {r.partNumber && <span className="hint">({r.publishPartNumber ? 'may be published' : 'not published'})</span>}</dd>
                <dt>Exporter</dt><dd>{r.organisation.name}{r.requestedBy ? ` (${r.requestedBy})` : ''}</dd>
                <dt>Filed</dt><dd>{r.submittedAt.slice(0, 16).replace('T', ' ')}</dd>
              </dl>
              <h3>Technical parameters</h3>
              {r.parameters.length ? <ul>{r.parameters.map((p, i) => <li key={i}>{formatParam(p)}</li>)}</ul> : <p>None given.</p>}
              <h3>Datasheet</h3>
              {r.datasheet ? (
                <p><a href={`/api/classification/requests/${r.id}/datasheet`}>{r.datasheet.filename}</a> <span className="hint">({Math.ceil(r.datasheet.size / 1024)} KB)</span></p>
              ) : <p>None uploaded.</p>}
              {isFiler && r.status === 'submitted' && <DatasheetUpload id={r.id} />}
            </section>
            {isOfficer && r.status === 'submitted' && <RulingForm id={r.id} />}
            {isOfficer && r.status === 'ruled' && <PublicationPanel r={r} />}
            <SimilarPrecedents id={r.id} />
            <p><Link to={isFiler ? '/classification/requests' : '/classification/queue'}>Back to the list</Link></p>
          </>
  );
}
