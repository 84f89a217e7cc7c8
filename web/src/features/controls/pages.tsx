import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api, qs } from '../../api/client';
import { ErrorState, Loading, PageHeader, TextField, SelectField, Button } from '../../components';

interface EntrySummary { code: string; title: string; list: string; regimes: string[] }
interface SearchResult {
  code: string; title: string; list: string; score: number; matched?: string; snippet?: string; highlights?: [number, number][];
  why: { kind: 'code' | 'text' | 'thesaurus'; terms: string[]; thesaurus?: string }; confidence: 'high' | 'low';
}

/** The matched sub-item's words with the server's highlight offsets marked (text only, no HTML from the server). */
function Highlighted({ text, ranges }: { text: string; ranges: [number, number][] }) {
  const parts: ReactNode[] = [];
  let at = 0;
  ranges.forEach(([s, e], i) => { if (s >= at) { parts.push(text.slice(at, s), <mark key={i}>{text.slice(s, e)}</mark>); at = e; } });
  parts.push(text.slice(at));
  return <>{parts}</>;
}

const whyText = (r: SearchResult) =>
  r.why.kind === 'thesaurus' ? `thesaurus: “${r.why.thesaurus}” is listed as ${r.why.terms.join(' ')}` : r.why.kind === 'code' ? 'code match' : `words in the text: ${r.why.terms.join(', ') || '—'}`;
interface Note { kind: string; label: string; text: string }
interface EntryDetail {
  code: string; title: string; text: string; notes: Note[]; parent: string | null; children: { code: string; title: string }[];
  regimes: string[]; list: string; release: { id: string; version: string; effectiveFrom: string } | null; reasons: string[];
  items: { code: string; depth: number; title: string; notes: Note[] }[]; validFrom: string; sunsetDate: string | null; asOf: string;
}
interface Release { id: string; list: string; version: string; title: string; effectiveFrom: string }
interface Diff { added: { code: string; title: string }[]; removed: { code: string; title: string }[]; changed: { code: string; title: string; changes: { type: string; value: string }[] }[] }

const LISTS = [
  { value: 'eu', label: 'EU Annex I' },
  { value: 'uk', label: 'UK ratings' },
  { value: 'us', label: 'US CCL' },
  { value: 'mtcr', label: 'MTCR' },
  { value: 'nsg', label: 'NSG' },
];

/** Browse the tree (top-level entries, then children) and search. */
export function BrowsePage() {
  const [params, setParams] = useSearchParams();
  const list = params.get('list') ?? 'eu';
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  const browse = useQuery({ queryKey: ['controls', 'entries', list, params.get('category'), params.get('regime')], queryFn: () => api.get<{ total: number; entries: EntrySummary[] }>(`/api/controls/entries${qs({ list, category: params.get('category'), regime: params.get('regime'), limit: 1000 })}`), enabled: !q });
  const found = useQuery({ queryKey: ['controls', 'search', q, list], queryFn: () => api.get<{ results: SearchResult[]; corrected?: { from: string; to: string }[] }>(`/api/controls/search${qs({ q, list, limit: 25 })}`), enabled: Boolean(q) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams(params);
    if (text.trim()) next.set('q', text.trim());
    else next.delete('q');
    setParams(next);
  };
  return (
    <div>
      <PageHeader title="Control lists" />
      <form onSubmit={submit} role="search" aria-label="Search control lists">
        <TextField label="Search by code or words" name="q" value={text} onChange={(e) => setText(e.target.value)} placeholder='e.g. gas centrifuge, "nuclear reactors", 5A002' />
        <SelectField label="List" name="list" value={list} options={LISTS} onChange={(e) => { const n = new URLSearchParams(params); n.set('list', e.target.value); setParams(n); }} />
        <Button type="submit">Search</Button>
      </form>
      {q ? (
        found.isLoading ? <Loading /> : found.error ? <ErrorState error={found.error} /> : (
          <section aria-label="Search results">
            <h2>Results for “{q}”</h2>
            {found.data!.corrected?.length ? <p>Searched for {found.data!.corrected.map((c) => `“${c.to}” (you typed “${c.from}”)`).join(', ')}.</p> : null}
            <ol>
              {found.data!.results.map((r) => (
                <li key={`${r.list}:${r.code}`}>
                  <Link to={`/controls/${r.list}/${encodeURIComponent(r.code)}`}>{r.code}</Link> — {r.title} <small>({r.list}, score {r.score}{r.matched ? `, matched ${r.matched}` : ''})</small>
                  {r.snippet ? <div className="search-snippet">{r.matched ?? r.code}: <Highlighted text={r.snippet} ranges={r.highlights ?? []} /></div> : null}
                  <div><small>Why: {whyText(r)}{r.confidence === 'low' ? ' — weak match: this may not be on the list' : ''}</small></div>
                </li>
              ))}
            </ol>
            {found.data!.results.length === 0 && <p>No entries match.</p>}
          </section>
        )
      ) : browse.isLoading ? <Loading /> : browse.error ? <ErrorState error={browse.error} /> : (
        <section aria-label="Entries">
          <p>{browse.data!.total} entries</p>
          <ul>
            {browse.data!.entries.map((e) => (
              <li key={e.code}><Link to={`/controls/${e.list}/${encodeURIComponent(e.code)}`}>{e.code}</Link> — {e.title} {e.regimes.length > 0 && <small>[{e.regimes.join(', ')}]</small>}</li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function Notes({ notes }: { notes: Note[] }) {
  if (!notes.length) return null;
  return (
    <ul className="notes">
      {notes.map((n, i) => <li key={i}><strong>{n.label}:</strong> {n.text}</li>)}
    </ul>
  );
}

/** One entry as in force on a chosen date. */
export function EntryPage() {
  const { list = 'eu', code = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const asOf = params.get('asOf') ?? '';
  const q = useQuery({ queryKey: ['controls', 'entry', list, code, asOf], queryFn: () => api.get<EntryDetail>(`/api/controls/entries/${encodeURIComponent(code)}${qs({ list, asOf })}`) });
  return (
    <div>
      <PageHeader title={`${code}`} />
      <TextField label="As of date" type="date" name="asOf" value={asOf} onChange={(e) => setParams(e.target.value ? { asOf: e.target.value } : {})} />
      {q.isLoading ? <Loading /> : q.error ? <ErrorState error={q.error} /> : (
        <article>
          <h2>{q.data!.title}</h2>
          <p>
            List {q.data!.list}, release {q.data!.release?.version} (in force from {q.data!.validFrom}{q.data!.sunsetDate ? `, sunset ${q.data!.sunsetDate}` : ''})
            {q.data!.regimes.length > 0 && <> · regimes {q.data!.regimes.join(', ')}</>}
            {q.data!.reasons.length > 0 && <> · reasons {q.data!.reasons.join(', ')}</>}
          </p>
          {q.data!.parent && <p>Part of <Link to={`/controls/${list}/${encodeURIComponent(q.data!.parent)}`}>{q.data!.parent}</Link></p>}
          <Notes notes={q.data!.notes} />
          <pre style={{ whiteSpace: 'pre-wrap' }}>{q.data!.text}</pre>
          {q.data!.items.length > 0 && (
            <section aria-label="Sub-items">
              <h3>Sub-items</h3>
              <ul>
                {q.data!.items.map((i) => (
                  <li key={i.code} style={{ marginLeft: `${(i.depth - 1) * 1.5}em` }}>
                    <Link to={`/controls/${list}/${encodeURIComponent(i.code)}`}>{i.code}</Link> {i.title}
                    <Notes notes={i.notes} />
                  </li>
                ))}
              </ul>
            </section>
          )}
          {q.data!.items.length === 0 && q.data!.children.length > 0 && (
            <ul>{q.data!.children.map((c) => <li key={c.code}><Link to={`/controls/${list}/${encodeURIComponent(c.code)}`}>{c.code}</Link> {c.title}</li>)}</ul>
          )}
        </article>
      )}
    </div>
  );
}

/** Differences between two releases, changed text word by word. */
export function DiffPage() {
  const rel = useQuery({ queryKey: ['controls', 'releases'], queryFn: () => api.get<{ releases: Release[] }>('/api/controls/releases') });
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const pick = (k: 'from' | 'to', v: string) => {
    const n = new URLSearchParams(params);
    if (v) n.set(k, v);
    else n.delete(k);
    setParams(n);
  };
  const setFrom = (v: string) => pick('from', v);
  const setTo = (v: string) => pick('to', v);
  const diff = useQuery({ queryKey: ['controls', 'diff', from, to], queryFn: () => api.get<Diff>(`/api/controls/diff${qs({ from, to })}`), enabled: Boolean(from && to) });
  if (rel.isLoading) return <Loading />;
  if (rel.error) return <ErrorState error={rel.error} />;
  const options = [{ value: '', label: 'Choose a release' }, ...rel.data!.releases.map((r) => ({ value: r.id, label: `${r.list} ${r.version} (${r.effectiveFrom})` }))];
  return (
    <div>
      <PageHeader title="Compare releases" />
      <SelectField label="From release" value={from} options={options} onChange={(e) => setFrom(e.target.value)} />
      <SelectField label="To release" value={to} options={options} onChange={(e) => setTo(e.target.value)} />
      {diff.isLoading && from && to ? <Loading /> : diff.error ? <ErrorState error={diff.error} /> : diff.data && (
        <div>
          <h2>Added ({diff.data.added.length})</h2>
          <ul>{diff.data.added.map((a) => <li key={a.code}>{a.code} {a.title}</li>)}</ul>
          <h2>Removed ({diff.data.removed.length})</h2>
          <ul>{diff.data.removed.map((a) => <li key={a.code}>{a.code} {a.title}</li>)}</ul>
          <h2>Changed ({diff.data.changed.length})</h2>
          <p className="hint">Words added are underlined, words removed are struck through.</p>
          {diff.data.changed.map((c) => (
            <section key={c.code} aria-label={`Changes to ${c.code}`}>
              <h3>{c.code}</h3>
              <p style={{ whiteSpace: 'pre-wrap' }}>
                {c.changes.map((p, i) => p.type === 'added' ? <ins key={i} data-testid="diff-added">{p.value}</ins> : p.type === 'removed' ? <del key={i} data-testid="diff-removed">{p.value}</del> : <span key={i}>{p.value}</span>)}
              </p>
            </section>
          ))}
        </div>
      )}
    </div>
  );
}
