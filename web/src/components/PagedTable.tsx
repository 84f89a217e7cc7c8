/**
 * A table paged, searched and counted by the server (page, page size, search, total), with its state in the URL
 * so a refresh or a shared link shows the same page.
 *
 * Usage:
 *   const list = usePagedList(['licences'], (r) => api.get<{ total: number; licences: Licence[] }>(`/api/licences${qs({ q: r.q, ...limitOffset(r) })}`)
 *     .then((d) => ({ rows: d.licences, total: d.total })));
 *   <PagedTable list={list} columns={…} rowKey={(l) => l.id} caption="Licences" searchLabel="Search licences" />
 * Two tables on one page: give each a `param` prefix (`usePagedList(key, fetch, { param: 'hits' })`).
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { keepPreviousData, useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { Column } from './DataTable';
import { EmptyState } from './DataTable';
import { ErrorState, Loading } from './Status';

export interface PageRequest {
  /** 1-based page number. */
  page: number;
  pageSize: number;
  /** Free-text search ('' = none). */
  q: string;
}
export interface PageResult<T> {
  rows: T[];
  total: number;
}
export interface PagedList<T> {
  request: PageRequest;
  query: UseQueryResult<PageResult<T>>;
  setPage(page: number): void;
  setPageSize(size: number): void;
  setSearch(q: string): void;
}

export const PAGE_SIZES = [10, 25, 50, 100];

/** `limit`/`offset` query parameters for a page request. */
export const limitOffset = (r: PageRequest) => ({ limit: r.pageSize, offset: (r.page - 1) * r.pageSize });

/** Page state (in the URL) and the query that fetches the current page. */
export function usePagedList<T>(key: unknown[], fetchPage: (r: PageRequest) => Promise<PageResult<T>>, opts: { pageSize?: number; param?: string } = {}): PagedList<T> {
  const [params, setParams] = useSearchParams();
  const p = (name: string) => (opts.param ? `${opts.param}_${name}` : name);
  const num = (v: string | null, dflt: number) => (v && /^\d+$/.test(v) && Number(v) > 0 ? Number(v) : dflt);
  const request: PageRequest = {
    page: num(params.get(p('page')), 1),
    pageSize: Math.min(num(params.get(p('size')), opts.pageSize ?? 25), 500),
    q: params.get(p('q')) ?? '',
  };
  const update = (changes: Record<string, string | number | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v === null || v === '' || (k === 'page' && v === 1)) next.delete(p(k));
          else next.set(p(k), String(v));
        }
        return next;
      },
      { replace: true },
    );
  const query = useQuery({ queryKey: [...key, request], queryFn: () => fetchPage(request), placeholderData: keepPreviousData });
  return {
    request,
    query,
    setPage: (page) => update({ page }),
    setPageSize: (size) => update({ size, page: 1 }),
    setSearch: (q) => update({ q, page: 1 }),
  };
}

interface Props<T> {
  list: PagedList<T>;
  columns: Column<T>[];
  rowKey: (row: T) => string;
  caption?: string;
  /** Label of the search box; omit to hide the search. */
  searchLabel?: string;
  empty?: ReactNode;
  onRowClick?: (row: T) => void;
  /** Extra filters rendered beside the search box. */
  filters?: ReactNode;
}

/** The server-paged table: search box, table scrolling inside its box, "x–y of N", previous/next and page size. */
export function PagedTable<T>({ list, columns, rowKey, caption, searchLabel, empty, onRowClick, filters }: Props<T>) {
  const { request, query, setSearch } = list;
  const [text, setText] = useState(request.q);
  useEffect(() => setText(request.q), [request.q]);
  useEffect(() => {
    // Search as the user types, once they pause.
    if (text === request.q) return;
    const t = setTimeout(() => setSearch(text), 300);
    return () => clearTimeout(t);
  }, [text, request.q, setSearch]);
  const total = query.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / request.pageSize));
  const first = total === 0 ? 0 : (request.page - 1) * request.pageSize + 1;
  const last = Math.min(total, request.page * request.pageSize);
  return (
    <div className="paged-table">
      {(searchLabel || filters) && (
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            list.setSearch(text);
          }}
        >
          {searchLabel && (
            <div className="field">
              <label htmlFor={`${caption ?? 'table'}-search`}>{searchLabel}</label>
              <input id={`${caption ?? 'table'}-search`} type="search" value={text} onChange={(e) => setText(e.target.value)} />
            </div>
          )}
          {filters}
        </form>
      )}
      {query.isPending ? (
        <Loading />
      ) : query.error ? (
        <ErrorState error={query.error} />
      ) : !query.data.rows.length ? (
        <>{empty ?? <EmptyState title={request.q ? `Nothing matches “${request.q}”` : 'Nothing here yet'} />}</>
      ) : (
        <div className="table-wrap" aria-busy={query.isFetching}>
          <table className="data-table">
            {caption && <caption>{caption}</caption>}
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.key} scope="col">
                    {c.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {query.data.rows.map((r) => (
                <tr key={rowKey(r)} onClick={onRowClick ? () => onRowClick(r) : undefined} className={onRowClick ? 'clickable' : undefined}>
                  {columns.map((c) => (
                    <td key={c.key}>{c.render ? c.render(r) : String((r as Record<string, unknown>)[c.key] ?? '')}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {query.data && total > 0 && (
        <nav className="pager" aria-label={`${caption ?? 'Table'} pages`}>
          <button type="button" className="btn btn-secondary" disabled={request.page <= 1} onClick={() => list.setPage(request.page - 1)}>
            Previous
          </button>
          <span data-testid="pager-status">
            {first}–{last} of {total} · page {Math.min(request.page, pages)} of {pages}
          </span>
          <button type="button" className="btn btn-secondary" disabled={request.page >= pages} onClick={() => list.setPage(request.page + 1)}>
            Next
          </button>
          <label>
            Rows per page{' '}
            <select value={request.pageSize} onChange={(e) => list.setPageSize(Number(e.target.value))}>
              {PAGE_SIZES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
        </nav>
      )}
    </div>
  );
}
