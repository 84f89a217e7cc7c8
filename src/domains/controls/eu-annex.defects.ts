/**
 * Structural checks run on the built EU tree after every import: whatever they find goes into the import report
 * as unrepaired, so a reader of `GET /api/controls/import-report` sees every place the tree may still be wrong.
 */
import type { ParsedItem, RepairReportItem } from './eu-annex.parser.js';

const isLetter = (m: string) => /^[a-z]$/.test(m);
const lastSeg = (code: string) => code.slice(code.lastIndexOf('.') + 1);

export function structuralDefects(items: ParsedItem[]): RepairReportItem[] {
  const out: RepairReportItem[] = [];
  const byCode = new Map(items.map((i) => [i.code, i]));
  for (const it of items) {
    // Children run a, b, c… (or 1, 2, 3…) in order, all of one kind.
    it.children.forEach((c, i) => {
      const m = lastSeg(c);
      const want = isLetter(lastSeg(it.children[0])) ? String.fromCharCode(97 + i) : String(i + 1);
      if (m !== want) out.push({ code: c, kind: 'out_of_sequence', detail: `${c} is child ${i + 1} of ${it.code}; expected marker "${want}"`, repaired: false });
    });
    // Codes of this entry named in its text that the tree does not have.
    for (const ref of it.text.matchAll(/\b(\d[A-E]\d{3}(?:\.(?:[a-z]|\d{1,2}))+)\b/g))
      if (ref[1].startsWith(`${it.root}.`) && !byCode.has(ref[1]))
        out.push({ code: ref[1], kind: 'unknown_reference', detail: `${it.code} names ${ref[1]}, which the tree does not have`, repaired: false });
    if (it.depth === 0) continue;
    if (!it.ownText.trim() && !it.title.startsWith('[text missing'))
      out.push({ code: it.code, kind: 'empty_item', detail: `${it.code} has sub-items but no words of its own in the source extraction`, repaired: false });
    const m = lastSeg(it.code);
    const parent = it.parent ? byCode.get(it.parent) : undefined;
    if (parent && parent.depth > 0 && isLetter(m) === isLetter(lastSeg(parent.code)))
      out.push({ code: it.code, kind: 'level_mismatch', detail: `${it.code} uses the same kind of marker as its parent ${parent.code}`, repaired: false });
    // The next sibling's marker inside this item's own words: two items run together.
    const merged = /;\s+(?:or\s+|and\s+)?(?:[a-z]|\d{1,2})\.?\s+[A-Z][a-z]/.exec(it.ownText);
    if (merged)
      out.push({ code: it.code, kind: 'merged_sibling', detail: `the text of ${it.code} seems to run into another item ("…${it.ownText.slice(Math.max(0, merged.index - 30), merged.index + 30)}…")`, repaired: false });
    if (/^(?:does not control|do not control|includes?\b|Note\b|Technical Notes?\b|N\.B\.)/i.test(it.ownText))
      out.push({ code: it.code, kind: 'note_text_as_item', detail: `${it.code} reads like a Note ("${it.ownText.slice(0, 60)}…")`, repaired: false });
  }
  return out;
}
