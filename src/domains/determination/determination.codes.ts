/** Control-code grammar for the evaluator: normalising codes, their parent chain, and code sets with parent matching. */

const HEAD_RE = /^(\d)([A-Ea-e])(\d{3})(.*)$/;
const ML_HEAD_RE = /^(ML|PL)(\d{1,4})(.*)$/i;
const SUB_RE = /[A-Za-z]+|\d+/g;

/** "a.1.b" | "a1b" | ".a.1" → "a.1.b"; null when the rest is not sub-item notation. */
function subItems(rest: string): string | null {
  const r = rest.replace(/^\./, '').replace(/\.$/, '');
  if (!r) return '';
  if (!/^[A-Za-z0-9.]+$/.test(r)) return null;
  const parts = r.match(SUB_RE) ?? [];
  return parts.length ? '.' + parts.join('.').toLowerCase() : '';
}

function normaliseUncached(raw: string): string | null {
  const s = raw.trim().replace(/\s+/g, '');
  if (!s) return null;
  if (/^EAR99$/i.test(s)) return 'EAR99';
  const m = HEAD_RE.exec(s);
  if (m) {
    const sub = subItems(m[4]!);
    return sub === null ? null : `${m[1]}${m[2]!.toUpperCase()}${m[3]}${sub}`;
  }
  const ml = ML_HEAD_RE.exec(s);
  if (ml) {
    const sub = subItems(ml[3]!);
    return sub === null ? null : `${ml[1]!.toUpperCase()}${ml[2]}${sub}`;
  }
  return null;
}

const normCache = new Map<string, string | null>();
/** Normalises a control code ("1a002.A.1" or "1A002a1" → "1A002.a.1", "ear99" → "EAR99", "ML10a" → "ML10.a"); null when it is not a control code. Memoised (codes repeat; the cache is bounded). */
export function normaliseCode(raw: string | undefined | null): string | null {
  if (raw == null) return null;
  let n = normCache.get(raw);
  if (n === undefined) {
    if (normCache.size > 50_000) normCache.clear();
    n = normaliseUncached(raw);
    normCache.set(raw, n);
  }
  return n;
}

/** "9A009.a.1" → ["9A009.a.1", "9A009.a", "9A009"]. */
export function ancestry(code: string): string[] {
  const out = [code];
  let c = code;
  for (let i = c.lastIndexOf('.'); i > 0; i = c.lastIndexOf('.')) {
    c = c.slice(0, i);
    out.push(c);
  }
  return out;
}

const ancCache = new Map<string, string[]>();
/** `ancestry` memoised (codes repeat a lot; the cache is bounded). */
export function ancestryOf(code: string): string[] {
  let a = ancCache.get(code);
  if (!a) {
    if (ancCache.size > 50_000) ancCache.clear();
    a = ancestry(code);
    ancCache.set(code, a);
  }
  return a;
}

/** A code set with parent-chain matching. `yes`: the item or a parent is in the set; `possibly`: the item is a bare parent of a listed branch (fail closed). */
export class CodeMatcher {
  private exact: Set<string>;
  private parents = new Set<string>();
  constructor(codes: Iterable<string>) {
    this.exact = new Set(codes);
    for (const c of this.exact) for (const a of ancestry(c).slice(1)) this.parents.add(a);
  }
  match(code: string, anc: string[] = ancestryOf(code)): 'yes' | 'possibly' | 'no' {
    if (this.exact.size === 0) return 'no';
    for (let i = 0; i < anc.length; i++) if (this.exact.has(anc[i]!)) return 'yes';
    return this.parents.has(code) ? 'possibly' : 'no';
  }
  get size() {
    return this.exact.size;
  }
}
