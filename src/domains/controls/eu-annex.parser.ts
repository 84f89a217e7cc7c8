/**
 * Parser and repairer for the third-party JSON extraction of Regulation (EU) 2021/821 Annex I
 * (data/eu-annex-i/annex_i_en_2025-11.json.gz). Pure: no database, no I/O.
 *
 * What it repairs (see data/eu-annex-i/PROVENANCE.md, "Visible parsing defects"):
 *  1. Dotted "sub-items" that are really Notes: they are put back into the text stream of their
 *     top-level entry as "Note: <code> <label>" followed by the text the extractor filed under them.
 *  2. Section headers and general notes ("0B Test, Inspection…", "PART III Category 1…") that ended up at
 *     the end of the previous entry are cut off and reported (with the notes that belong to the section).
 *  3. OJ footnotes and the ELI footer at the end of the last entry are cut off.
 *  4. Flattened superscripts ("3,18 × 106m" → "3,18 × 10^6 m", "2n" → "2^n"), glued footnote markers
 *     ("ISO 230-2:19886"), ligatures, glued adjacent quoted terms, mixed quote styles.
 * Then it builds the sub-item tree (a. → 1. → a. → 1. …) from the text, with Notes, Technical Notes and
 * N.B. as separate fields attached to the entry or sub-item they belong to.
 * What it cannot repair (entries whose body is only a Note stub, image/formula placeholders…) is reported.
 */

import { structuralDefects } from './eu-annex.defects.js';

export interface RawAnnexEntry {
  code: string;
  label: string;
  category: string;
  subgroup: string;
  depth: number;
  full_content: string;
}

export interface ParsedNote {
  kind: 'note' | 'technical_note' | 'nb';
  label: string;
  text: string;
}

export interface ParsedItem {
  code: string;
  parent: string | null;
  root: string;
  depth: number;
  /** The item's own words (without its children). */
  ownText: string;
  /** The item with its descendants, rendered one item a line. */
  text: string;
  title: string;
  notes: ParsedNote[];
  children: string[];
  order: number;
}

export interface RepairReportItem {
  code: string;
  kind: string;
  detail: string;
  repaired: boolean;
}

export interface ParsedAnnex {
  items: ParsedItem[];
  topLevelCount: number;
  /** Section headers with the general notes that were detached from the wrong entry. */
  sections: { afterCode: string; text: string }[];
  report: RepairReportItem[];
}

const TOP = /^\d[A-E]\d{3}$/;
const SECTION_NAMES = '(?:Systems, Equipment and Components|Test, Inspection and Production Equipment|Materials|Software|Technology)';
const SECTION_RE = new RegExp(`(?:^|\\s)(?:PART [IVX]+ Category \\d|\\d[A-E] ${SECTION_NAMES}(?=\\s|$)|Part 2 - "INFORMATION SECURITY")`);
const NOTE_STUB_END = /(?:^|\s)(?:Technical Notes?|Notes?(?: \d+)?)\s*:?\s*$/;
const NOTE_HEAD = /(?:^|(?<=[;:.)]\s+)|(?<=[;,]\s*(?:or|and)\s+)|(?<=^\s*))(Technical Notes?\s*:|Notes?(?: \d+)?\s*:|N\.B\.\s*:?)/g;
/** Title of an item that exists in the law but whose text the source extraction lost. */
export const MISSING_TITLE = '[text missing from the source extraction; see the Official Journal]';
const LOOSE_MARKER = /(?<=;\s)([1-9]\d?)\s+(?=[A-Z])/g;
const MARKER = /(?<=(?:^|[;:.]\s+|[;:,]\s*(?:or|and)\s+))([a-z]|[1-9]\d?)\.\s+(?=\S)/g;

/** Text-level repairs of flattened formatting; counts what it did. */
export function repairText(s: string, count: (kind: string) => void): string {
  let t = s;
  t = t.replace(/[\u201C\u201D\u201E]/g, () => (count('quotes'), '"'));
  t = t.replace(/[\u2018\u2019]/g, "'");
  t = t.replace(/\uFB01/g, () => (count('ligature'), 'fi')).replace(/\uFB02/g, () => (count('ligature'), 'fl'));
  t = t.replace(/([A-Za-z])""([A-Za-z])/g, (_m, a, b) => (count('glued_quotes'), `${a}" "${b}`));
  t = t.replace(/× 10(-?\d{1,2})(?![\d,])\s*([.;,)]?)/g, (_m, e, p) => (count('superscript'), p ? `× 10^${e}${p}` : `× 10^${e} `));
  t = t.replace(/\b2n levels\b/g, () => (count('superscript'), '2^n levels'));
  t = t.replace(/(ISO [\d-]+:(?:19|20)\d\d)\d\b/g, (_m, a) => (count('footnote_marker'), a));
  t = t.replace(/(ISO [\d-]+:(?:19|20)\d\d) \(\d\)/g, (_m, a) => (count('footnote_marker'), a));
  // "N.B. SEE ALSO 2B226 a. Equipment…": the cross-reference lost its full stop, hiding the entry's first item.
  t = t.replace(/(N\.B\.\s*(?:SEE ALSO|See also)\s+(?:[^.;:]*?\s)?\d[A-E]\d{3}(?:\.[a-z0-9]+)*)\s+(?=(?:a|1)\.\s)/g, (_m, a) => (count('nb_full_stop'), `${a}. `));
  return t.replace(/\s+/g, ' ').trim();
}

const isLetter = (m: string) => /^[a-z]$/.test(m);
const nextOf = (m: string) => (isLetter(m) ? String.fromCharCode(m.charCodeAt(0) + 1) : String(Number(m) + 1));
const firstOfLevel = (level: number) => (level % 2 === 1 ? 'a' : '1');

interface Node {
  pos: number;
  code: string;
  marker: string;
  level: number;
  parts: string[];
  notes: ParsedNote[];
  children: Node[];
  parent: Node | null;
  /** The item is attested (named by a Note or cross-reference, or a gap in its list) but its text is not in the source. */
  missing?: boolean;
}

function noteKind(head: string): ParsedNote['kind'] {
  if (head.startsWith('Technical')) return 'technical_note';
  if (head.startsWith('N.B')) return 'nb';
  return 'note';
}

/** Builds the item tree of one top-level entry from its (repaired) body text. */
export function buildTree(rootCode: string, body: string) {
  const root: Node = { pos: 0, code: rootCode, marker: '', level: 0, parts: [], notes: [], children: [], parent: null };
  const byCode = new Map<string, Node>([[rootCode, root]]);
  // Tokens: markers and note heads, in text order.
  type Tok = { pos: number; end: number; kind: 'marker' | 'note'; value: string; loose?: boolean };
  const toks: Tok[] = [];
  const repairs: { code: string; kind: string; detail: string; unrepaired?: boolean }[] = [];
  for (const m of body.matchAll(MARKER)) toks.push({ pos: m.index!, end: m.index! + m[0].length, kind: 'marker', value: m[1] });
  // A numbered item whose dot was lost ("…strains; 12 Clostridium…"): taken only where it is the next sibling.
  for (const m of body.matchAll(LOOSE_MARKER)) toks.push({ pos: m.index!, end: m.index! + m[0].length, kind: 'marker', value: m[1], loose: true });
  // A first sub-item after a comma ("…components therefor, a. Having all the following:"): taken only as a first child.
  for (const m of body.matchAll(/(?<=,\s)(a|1)\.\s+(?=[A-Z'"])/g)) toks.push({ pos: m.index!, end: m.index! + m[0].length, kind: 'marker', value: m[1], loose: true });
  for (const m of body.matchAll(NOTE_HEAD)) toks.push({ pos: m.index!, end: m.index! + m[0].length, kind: 'note', value: m[1].replace(/\s*:$/, '').trim() });
  toks.sort((a, b) => a.pos - b.pos);

  let path: Node[] = [root]; // structural path, root first
  // `nested`: a Technical Note / N.B. opened inside the note's list since its last item (its full stop does
  // not end the note's list).
  let note: { data: ParsedNote; stack: string[]; texts: string[]; pos: number[]; nested: boolean } | null = null;
  let cursor = 0;
  let lastText = '';
  const flush = (upTo: number) => {
    const chunk = body.slice(cursor, upTo).trim();
    if (chunk) {
      if (note) note.data.text = (note.data.text + ' ' + chunk).trim();
      else path[path.length - 1].parts.push(chunk);
      lastText = chunk;
    }
  };
  const words = (s: string) => new Set(s.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 2).slice(0, 20));
  const similarity = (a: string, b: string) => {
    const A = words(a);
    const B = words(b);
    let inter = 0;
    for (const w of A) if (B.has(w)) inter++;
    return inter / Math.max(1, A.size + B.size - inter);
  };
  const structFit = (m: string, ahead: string, before = ''): number | null => {
    // Returns the level the marker opens, or null. When several levels fit (a "c." after "14.b." may be
    // 14.c or the parent's c.), the level whose previous sibling reads most like the new item wins.
    const deepest = path[path.length - 1];
    const childLevel = deepest.level + 1;
    if (childLevel <= 6 && (deepest.level === 0 ? m === 'a' || m === '1' : m === (isLetter(deepest.marker) ? '1' : 'a'))) return childLevel;
    // "…; and" / "…; or" at the end of the previous item: the innermost list that fits continues.
    if (/(?:;|,)\s*(?:and|or)\s*$/.test(before))
      for (let i = path.length - 1; i >= 1; i--) if (nextOf(path[i].marker) === m && isLetter(path[i].marker) === isLetter(m)) return path[i].level;
    // Innermost list first (a legal list continues its deepest open level); an outer level wins only when the
    // new item reads far more like the outer sibling than the inner one.
    const fits = path.slice(1).filter((n) => nextOf(n.marker) === m && isLetter(n.marker) === isLetter(m)).reverse();
    if (!fits.length) return null;
    let best = fits[0];
    const innerScore = similarity(best.parts.join(' '), ahead);
    for (const n of fits.slice(1)) if (similarity(n.parts.join(' '), ahead) > innerScore + 0.35) best = n;
    return best.level;
  };
  const noteFit = (m: string, before: string): boolean => {
    if (!note) return false;
    const st = note.stack;
    if (st.length === 0) return (m === 'a' || m === '1') && (/:\s*$/.test(before) || /following\s*;\s*$/.test(before) || (!note.data.text && !before.trim()));
    // Text inside an open note that ends with a colon introduces a list of that note ("Height: … any of the following: a.").
    if ((m === 'a' || m === '1') && (/:\s*$/.test(before) || /following\s*;\s*$/.test(before))) return true;
    for (let i = st.length - 1; i >= 0; i--) if (nextOf(st[i]) === m && isLetter(st[i]) === isLetter(m)) return true;
    // A new (nested) list after a colon: "…any of the following: a."; after a Technical Note / N.B. heading
    // nested in the note's list, its own "1." or "a." list.
    const last = st[st.length - 1];
    return (m === (isLetter(last) ? '1' : 'a') || (note.nested && (m === 'a' || m === '1'))) && /:\s*$/.test(before);
  };
  const notePush = (m: string, ahead: string, at: number) => {
    note!.nested = false;
    const st = note!.stack;
    const tx = note!.texts;
    for (let i = st.length - 1; i >= 0; i--)
      if (nextOf(st[i]) === m && isLetter(st[i]) === isLetter(m)) {
        st.length = i;
        tx.length = i;
        note!.pos.length = i;
        st.push(m);
        tx.push(ahead);
        note!.pos.push(at);
        return;
      }
    st.push(m);
    tx.push(ahead);
    note!.pos.push(at);
  };
  const noteSiblingText = (m: string) => {
    const st = note?.stack ?? [];
    for (let i = st.length - 1; i >= 0; i--) if (nextOf(st[i]) === m && isLetter(st[i]) === isLetter(m)) return note!.texts[i];
    return null;
  };
  const noteSiblingPos = (m: string) => {
    const st = note?.stack ?? [];
    for (let i = st.length - 1; i >= 0; i--) if (nextOf(st[i]) === m && isLetter(st[i]) === isLetter(m)) return note!.pos[i];
    return -1;
  };
  const structSiblingPos = (m: string, level: number) => path.find((n) => n.level === level && nextOf(n.marker) === m)?.pos ?? -1;
  const structSiblingText = (m: string, level: number) => path.find((n) => n.level === level && nextOf(n.marker) === m)?.parts.join(' ') ?? null;
  const attachNote = (n: ParsedNote) => {
    // A note that names a code of this entry belongs to that item.
    // (A numbered Technical Note's first item may name it: "1. For the purposes of 5A002.a., …".)
    const ref = /^(?:[a-z1-9]\.\s+)?(?:In |For the purposes of )?(\d[A-E]\d{3}(?:\.[a-z0-9]+)*)/.exec(n.text);
    if (ref && ref[1].startsWith(rootCode)) {
      let c = ref[1].replace(/\.$/, '');
      while (c.length >= rootCode.length) {
        const target = byCode.get(c);
        if (target) return target.notes.push(n);
        c = c.includes('.') ? c.slice(0, c.lastIndexOf('.')) : '';
      }
    }
    path[path.length - 1].notes.push(n);
  };
  const closeNote = () => {
    if (note) {
      attachNote(note.data);
      note = null;
    }
  };

  /** Creates `code` and any missing ancestors as items whose text is missing; returns the path root→code. */
  const ensureCode = (code: string): Node[] | null => {
    const segs = code.slice(rootCode.length + 1).split('.');
    const chain: Node[] = [root];
    for (const [i, seg] of segs.entries()) {
      const parent = chain[chain.length - 1];
      const c = `${parent.code}.${seg}`;
      let n = byCode.get(c);
      if (!n) {
        // Alternating levels: letters under numbers and numbers under letters (the entry's first level may be either).
        if (i > 0 && isLetter(seg) === isLetter(parent.marker)) return null;
        n = { pos: -1, code: c, marker: seg, level: i + 1, parts: [], notes: [], children: [], parent, missing: true };
        parent.children.push(n);
        byCode.set(c, n);
      }
      chain.push(n);
    }
    return chain;
  };

  for (let ti = 0; ti < toks.length; ti++) {
    const tok = toks[ti];
    if (tok.loose && (note || tok.pos < cursor || (tok.value === '1' || tok.value === 'a' ? structFit(tok.value, '', '') !== path[path.length - 1].level + 1 : structFit(tok.value, '', '') === null))) continue;
    if (tok.pos < cursor) continue;
    const before = body.slice(cursor, tok.pos);
    if (tok.kind === 'note') {
      // An N.B. or Technical Note inside a note that has its own list stays in that note.
      if (note && note.stack.length > 0 && (tok.value.startsWith('N.B') || tok.value.startsWith('Technical'))) {
        note.nested = true;
        continue;
      }
      flush(tok.pos);
      closeNote();
      note = { data: { kind: noteKind(tok.value), label: tok.value, text: '' }, stack: [], texts: [], pos: [], nested: false };
      cursor = tok.end;
      // A Note that opens with a code of this entry follows that item: when the item's own text was lost in the
      // extraction, the item (and its missing ancestors) still exists, and the list continues after it.
      const named = new RegExp(`^\\s*(${rootCode.replace('.', '\\.')}(?:\\.[a-z]|\\.[1-9]\\d?)+)\\.?(?=\\s)`).exec(body.slice(tok.end));
      if (named && !byCode.has(named[1]) && tok.value !== 'N.B.' && !tok.value.startsWith('Technical')) {
        const chain = ensureCode(named[1]);
        if (chain) path = chain;
      }
      continue;
    }
    const m = tok.value;
    const ahead = body.slice(tok.end, toks[ti + 1]?.pos ?? body.length);
    const sLevel = structFit(m, ahead, before);
    const nFit = noteFit(m, before);
    let structural = sLevel !== null;
    if (note && nFit && structural) {
      // Items inside a Note / Technical Note belong to the note. The note's list ends only where its last
      // item ends with a full stop (EU lists end items with ";", "; or", "; and" until the last one), and a
      // full stop that closes a Technical Note / N.B. nested in the note's list does not count.
      const st = note.stack;
      const last = st[st.length - 1];
      if (last !== undefined && nextOf(last) === m && isLetter(last) === isLetter(m)) {
        // The note's innermost list continues unless its last item closed with a full stop (EU lists end
        // items with ";", "; or", "; and" until the last one). Exceptions: a full stop closing a Technical
        // Note / N.B. nested in the note's list, and Technical Notes (their items are sentences).
        const fullStop = /\.\s*$/.test(before) && !/(?:\be\.g|\bi\.e|\betc)\.\s*$/.test(before);
        structural = fullStop && !note.nested && note.data.kind !== 'technical_note';
      }
      else if (!st.length || /:\s*$/.test(before) || /following\s*;\s*$/.test(before)) structural = false;
      else {
        const ns = noteSiblingText(m);
        const ss = structSiblingText(m, sLevel!);
        const sa = ns === null ? -1 : similarity(ns, ahead);
        const sb = ss === null ? -1 : similarity(ss, ahead);
        if (Math.abs(sa - sb) > 0.08) structural = sb > sa;
        else structural = structSiblingPos(m, sLevel!) > noteSiblingPos(m);
      }
    } else if (note && nFit) structural = false;
    if (!structural) {
      if (note && nFit) notePush(m, ahead, tok.pos);
      continue; // stays part of the running text
    }
    flush(tok.pos);
    closeNote();
    const level = sLevel!;
    path = path.filter((n) => n.level < level);
    const parent = path[path.length - 1];
    const code = `${parent.code}.${m}`;
    if (byCode.has(code)) {
      // A repeated marker: keep it as text rather than overwrite an item, and say so.
      parent.parts.push(`${m}.`);
      repairs.push({ code, kind: 'repeated_marker', detail: `a second "${m}." under ${parent.code} was kept as text of ${parent.code}`, unrepaired: true });
      cursor = tok.end;
      continue;
    }
    const node: Node = { pos: tok.pos, code, marker: m, level, parts: [], notes: [], children: [], parent };
    parent.children.push(node);
    byCode.set(code, node);
    path.push(node);
    cursor = tok.end;
    if (tok.loose) repairs.push({ code, kind: 'merged_sibling', detail: `"${m}" had lost its full stop and ran into the previous item; split off as ${code}` });
  }
  flush(body.length);
  closeNote();
  // Codes named anywhere in the entry's own text exist; so do the items a gap in a list leaves out.
  for (const m of body.matchAll(new RegExp(`\\b${rootCode}((?:\\.(?:[a-z]|[1-9]\\d?))+)\\b`, 'g'))) {
    const code = `${rootCode}${m[1]}`;
    if (!byCode.has(code)) ensureCode(code);
  }
  for (const n of [...byCode.values()]) fillGaps(n, byCode);
  return { root, byCode, repairs };
}

/** Children must run a, b, c… (or 1, 2, 3…) without gaps: an item left out of the extraction is added as missing. */
function fillGaps(n: Node, byCode: Map<string, Node>) {
  if (!n.children.length) return;
  const letters = isLetter(n.children[0].marker);
  const idx = (m: string) => (letters ? m.charCodeAt(0) - 96 : Number(m));
  const max = Math.max(...n.children.filter((c) => isLetter(c.marker) === letters).map((c) => idx(c.marker)));
  for (let i = 1; i <= max; i++) {
    const m = letters ? String.fromCharCode(96 + i) : String(i);
    const code = `${n.code}.${m}`;
    if (byCode.has(code)) continue;
    const node: Node = { pos: -1, code, marker: m, level: n.level + 1, parts: [], notes: [], children: [], parent: n, missing: true };
    byCode.set(code, node);
    n.children.push(node);
  }
  n.children.sort((a, b) => idx(a.marker) - idx(b.marker));
}

function render(n: Node, indent = ''): string {
  const own = n.parts.join(' ');
  const lines = [n.level === 0 ? own : `${indent}${n.marker}. ${own}`].filter((l) => l.trim());
  for (const c of n.children) lines.push(render(c, n.level === 0 ? '' : indent + '  '));
  return lines.join('\n');
}

/** Parses and repairs the whole extraction. */
export function parseAnnex(entries: RawAnnexEntry[]): ParsedAnnex {
  const report: RepairReportItem[] = [];
  const sections: ParsedAnnex['sections'] = [];
  const items: ParsedItem[] = [];
  // Group dotted entries under the preceding top-level entry, in file order.
  const groups: { top: RawAnnexEntry; dotted: RawAnnexEntry[] }[] = [];
  for (const e of entries) {
    if (TOP.test(e.code)) groups.push({ top: e, dotted: [] });
    else if (groups.length) groups[groups.length - 1].dotted.push(e);
    else report.push({ code: e.code, kind: 'orphan', detail: 'dotted entry before any top-level entry; dropped', repaired: false });
  }
  let order = 0;
  for (const g of groups) {
    const code = g.top.code;
    const counts = new Map<string, number>();
    const count = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
    let stream = g.top.full_content.trim();
    for (const d of g.dotted) {
      let dcode = d.code;
      let label = d.label.trim();
      const bad = /^(.*?)\.([a-z]{3,})$/.exec(dcode);
      if (bad) {
        label = `${bad[2]} ${label}`;
        dcode = bad[1];
        report.push({ code: d.code, kind: 'malformed_code', detail: `code "${d.code}" read as "${dcode}." followed by the word "${bad[2]}"`, repaired: true });
      }
      if (!NOTE_STUB_END.test(stream)) {
        stream += ' Note:';
        report.push({ code: d.code, kind: 'note_without_heading', detail: `the Note naming ${dcode} had no "Note:" heading before it; one was supplied`, repaired: true });
      } else if (!/:\s*$/.test(stream)) {
        stream = stream.replace(/\s*$/, ':');
        report.push({ code: d.code, kind: 'note_without_colon', detail: `the Note heading before ${dcode} had lost its colon; one was supplied`, repaired: true });
      }
      stream += ` ${dcode}. ${label} ${d.full_content.trim()}`;
      report.push({ code: d.code, kind: 'note_as_sub_item', detail: `was a Note of ${code} filed as a sub-item; put back into ${code} as a Note`, repaired: true });
    }
    // OJ footer (last entry).
    const footer = /\s*'?\.?\s*\(1\) https?:\/\/.*$/.exec(stream);
    if (footer) {
      stream = stream.slice(0, footer.index);
      report.push({ code, kind: 'oj_footer', detail: 'Official Journal footnotes and ELI footer removed from the end', repaired: true });
    }
    // Section headers and general notes of the next section.
    const sec = SECTION_RE.exec(stream);
    if (sec) {
      const tail = stream.slice(sec.index).trim();
      stream = stream.slice(0, sec.index).trim();
      sections.push({ afterCode: code, text: tail });
      report.push({ code, kind: 'section_header_moved', detail: `section header / general notes detached: "${tail.slice(0, 120)}${tail.length > 120 ? '…' : ''}"`, repaired: true });
    }
    stream = repairText(stream, count);
    for (const [k, n] of counts) if (k !== 'quotes') report.push({ code, kind: k, detail: `${n} occurrence(s) repaired`, repaired: true });
    if (/\bFormula\b|\( ?Image \d+ ?\)/.test(stream))
      report.push({ code, kind: 'placeholder', detail: 'an image or formula of the official text is missing (placeholder kept)', repaired: false });

    const { root, byCode, repairs } = buildTree(code, stream);
    for (const r of repairs) report.push({ code: r.code, kind: r.kind, detail: r.detail, repaired: !r.unrepaired });
    for (const n of byCode.values())
      if (n.missing) report.push({ code: n.code, kind: 'missing_text', detail: `${n.code} exists (named in the entry or implied by its list) but its text is not in the source extraction`, repaired: false });
    const body = stream.replace(NOTE_STUB_END, '').trim();
    if (!root.children.some((c) => !c.missing) && /:\s*$/.test(g.top.label))
      report.push({ code, kind: 'truncated_body', detail: `body is only a Note stub ("${g.top.full_content.trim().slice(0, 60)}"); the controlled items are missing from the source extraction`, repaired: false });
    for (const n of byCode.values()) {
      for (const note of n.notes)
        if (!note.text.trim()) report.push({ code: n.code, kind: 'empty_note', detail: `"${note.label}:" with no text (lost in the source extraction)`, repaired: false });
      n.notes = n.notes.filter((x) => x.text.trim());
    }
    void body;
    const emit = (n: Node) => {
      const own = n.parts.join(' ').trim();
      items.push({
        code: n.code,
        parent: n.parent?.code ?? null,
        root: code,
        depth: n.level,
        ownText: own,
        text: render(n),
        title: n.level === 0 ? repairText(g.top.label, () => undefined) : n.missing ? MISSING_TITLE : own.length > 300 ? own.slice(0, 297) + '…' : own,
        notes: n.notes,
        children: n.children.map((c) => c.code),
        order: order++,
      });
      n.children.forEach(emit);
    };
    root.parts = root.parts.length ? root.parts : [];
    emit(root);
  }
  report.push(...structuralDefects(items));
  return { items, topLevelCount: groups.length, sections, report };
}
