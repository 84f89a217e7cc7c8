import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, qs } from '../../api/client';
import { Button, DataTable, EmptyState, ErrorState, FormError, Loading, PageHeader, RequireRole, TextField } from '../../components';
import { ParametersEditor, emptyParam, toParameters, type ParamRow } from './ParametersEditor';
import { PrecedentList } from './PrecedentList';
import { formatParam, rating, type Precedent, type PublicRuling } from './types';

/** Search earlier rulings by words and technical parameters. */
export function PrecedentSearchPage() {
  const [text, setText] = useState('');
  const [params, setParams] = useState<ParamRow[]>([emptyParam()]);
  const [query, setQuery] = useState<string | null>(null);
  const q = useQuery({
    queryKey: ['precedents', query],
    queryFn: () => api.get<{ total: number; results: Precedent[] }>(`/api/classification/precedents${query}`),
    enabled: query !== null,
    retry: false,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = new URLSearchParams();
    if (text.trim()) p.set('q', text.trim());
    for (const x of toParameters(params)) p.append('param', `${x.name}:${x.value}${x.unit ? `:${x.unit}` : ''}`);
    p.set('limit', '20');
    setQuery(`?${p.toString()}`);
  };
  return (
    <RequireRole roles="all">
      <PageHeader title="Precedent search" />
      <p>Finds earlier rulings on similar products, by words (product name, description, manufacturer) and by technical parameters with close values. Other organisations’ rulings are shown redacted to exporters.</p>
      <form onSubmit={submit}>
        <TextField label="Describe the product" value={text} onChange={(e) => setText(e.target.value)} placeholder="e.g. encrypted wireless radio transceiver" />
        <ParametersEditor rows={params} onChange={setParams} legend="Technical parameters (optional)" />
        <Button type="submit">Search precedents</Button>
      </form>
      {query !== null && (q.error ? <FormError error={q.error} /> : !q.data ? <Loading what="Searching" /> : (
        <section aria-live="polite">
          <h2>{q.data!.total} similar precedent{q.data!.total === 1 ? '' : 's'}</h2>
          <PrecedentList results={q.data!.results} />
        </section>
      ))}
    </RequireRole>
  );
}

/** Public rulings: only what the authority published (summary, rating, deciding parameters), redacted. */
export function PublicRulingsPage() {
  const [text, setText] = useState('');
  const [code, setCode] = useState('');
  const [applied, setApplied] = useState({ q: '', code: '' });
  const q = useQuery({
    queryKey: ['public-rulings', applied],
    queryFn: () => api.get<{ total: number; rulings: PublicRuling[] }>(`/api/public/rulings${qs({ ...applied, limit: 100 })}`),
  });
  return (
    <section>
      <PageHeader title="Published classification rulings" />
      <p>Rulings the authority has chosen to publish: a public summary, the rating and the technical parameters that decided it, without the exporter’s identity. Product descriptions and part numbers appear only where the exporter consented.</p>
      <form className="filters" onSubmit={(e) => { e.preventDefault(); setApplied({ q: text.trim(), code: code.trim() }); }}>
        <TextField label="Words" value={text} onChange={(e) => setText(e.target.value)} />
        <TextField label="Control code" hint="e.g. 5A002" value={code} onChange={(e) => setCode(e.target.value)} />
        <Button type="submit">Search</Button>
      </form>
      {q.error ? <ErrorState error={q.error} /> : !q.data ? <Loading /> : (
        <DataTable
          rows={q.data!.rulings}
          rowKey={(r) => r.reference}
          caption={`${q.data!.total} published ruling${q.data!.total === 1 ? '' : 's'}`}
          empty={<EmptyState title="No published rulings match" />}
          columns={[
            { key: 'reference', header: 'Reference' },
            { key: 'rating', header: 'Rating', render: (r) => rating(r.rating), sortValue: (r) => r.rating.code ?? '' },
            { key: 'publicSummary', header: 'Summary', sortable: false },
            { key: 'description', header: 'Product', render: (r) => <>{r.description ?? '—'}{r.partNumber ? <><br /><span className="hint">part {r.partNumber}</span></> : null}</>, sortable: false },
            { key: 'parameters', header: 'Deciding parameters', render: (r) => r.parameters.map(formatParam).join(' · '), sortable: false },
            { key: 'ruledAt', header: 'Ruled', render: (r) => r.rating.ruledAt, sortValue: (r) => r.rating.ruledAt },
          ]}
        />
      )}
    </section>
  );
}
