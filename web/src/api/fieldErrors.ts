/**
 * The API's field errors (`{"error":{"code","message","fields":{path: reason}}}`), made readable, in one place.
 *
 * Usage in a form:
 *   const f = fieldErrors(mutation.error);              // { 'parties.0.name': 'Enter a value', … } (human messages)
 *   <FormError error={mutation.error} />                // summary of every field error, focus moved to the first invalid field
 *   <TextField label="Name" error={f['parties.0.name']} />
 * Never print `error.message` of an ApiError yourself: for validation errors it is the raw
 * "Invalid body: parties.0.name Too small…" text; use `errorText(error)` instead.
 */
import { ApiError } from './client';

const plural = (n: string, word: string) => `${n} ${word}${n === '1' ? '' : 's'}`;

type Rule = [RegExp, (m: RegExpExecArray) => string];

/** zod's wording → a message for a person; the first matching rule wins. */
const RULES: Rule[] = [
  [/^Too small: expected string to have >=?(\d+) characters?/i, (m) => (m[1] === '1' ? 'Enter a value' : `Enter at least ${plural(m[1]!, 'character')}`)],
  [/^Too big: expected string to have <=?(\d+) characters?/i, (m) => `Use at most ${plural(m[1]!, 'character')}`],
  [/^Too small: expected array to have >=?(\d+) items?/i, (m) => `Add at least ${plural(m[1]!, 'item')}`],
  [/^Too big: expected array to have <=?(\d+) items?/i, (m) => `Add at most ${plural(m[1]!, 'item')}`],
  [/^Too small: expected (?:number|int|bigint) to be (>=?)\s*(-?[\d.]+)/i, (m) => (m[1] === '>' ? `Enter a number greater than ${m[2]}` : `Enter a number of at least ${m[2]}`)],
  [/^Too big: expected (?:number|int|bigint) to be (<=?)\s*(-?[\d.]+)/i, (m) => (m[1] === '<' ? `Enter a number less than ${m[2]}` : `Enter a number of at most ${m[2]}`)],
  [/^Invalid input: expected \w+, received (?:undefined|null)/i, () => 'This is required'],
  [/^Invalid input: expected (?:number|int)\b/i, () => 'Enter a number'],
  [/^Invalid input: expected boolean/i, () => 'Choose yes or no'],
  [/^Invalid input: expected array/i, () => 'Add one or more items'],
  [/^Invalid input: expected /i, () => 'Check this value'],
  [/^Invalid option: expected one of (.+)$/i, (m) => `Choose one of: ${m[1]!.split('|').map((s) => s.replace(/^"|"$/g, '').replace(/_/g, ' ')).join(', ')}`],
  [/^Invalid email/i, () => 'Enter an email address like name@example.com'],
  [/^Invalid UUID/i, () => 'Choose an item from the list'],
  [/^Invalid ISO datetime/i, () => 'Enter a date and time like 2026-12-31 14:00'],
  [/^Invalid (?:ISO )?date/i, () => 'Enter a date like 2026-12-31'],
  [/^Invalid string: must match pattern/i, () => 'This is not in the expected format'],
  [/^Invalid url/i, () => 'Enter a web address starting with https://'],
  [/^Unrecognized key/i, () => 'This field is not expected here'],
  [/^Invalid input$|^$/i, () => 'Check this value'],
  [/^must (?:have required property|NOT have fewer than 1)/i, () => 'This is required'],
];

/** Turns one validator reason (zod's wording, or a service's own sentence) into a message for a person. */
export function humanReason(reason: string): string {
  const r = reason.trim();
  for (const [re, say] of RULES) {
    const m = re.exec(r);
    if (m) return say(m);
  }
  // A service's own sentence (e.g. "unknown country code"): keep it, as a sentence.
  return r.charAt(0).toUpperCase() + r.slice(1);
}

const WORDS: Record<string, string> = { id: 'ID', url: 'web address', eu: 'EU', uk: 'UK', us: 'US', csv: 'CSV' };

/** `parties.0.name` → "Party 1 name"; `goods.2.controlEntry` → "Goods line 3 control entry". */
export function humanFieldLabel(path: string): string {
  const parts = path.split('.').filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const next = parts[i + 1];
    const words = p.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase().split(' ').map((w) => WORDS[w] ?? w).join(' ');
    if (next !== undefined && /^\d+$/.test(next)) {
      const singular = words === 'goods' ? 'goods line' : words.replace(/ies$/, 'y').replace(/s$/, '');
      out.push(`${singular} ${Number(next) + 1}`);
      i++;
    } else if (/^\d+$/.test(p)) out.push(`item ${Number(p) + 1}`);
    else out.push(words);
  }
  const s = out.join(' ') || 'request';
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Human field messages of an API error (keyed by the API's field path), or an empty object. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(error.fields ?? {})) out[k] = humanReason(String(v));
  return out;
}

export interface ErrorSummaryItem { path: string; label: string; message: string }

/** Every field error as a labelled line, in the API's order. */
export function errorSummaryItems(error: unknown): ErrorSummaryItem[] {
  return Object.entries(fieldErrors(error)).map(([path, message]) => ({ path, label: humanFieldLabel(path), message }));
}

/** The sentence to show for any error: never the raw validator text. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const n = Object.keys(error.fields ?? {}).length;
    // A 404 names what was not found (and the nearest real codes): its message says more than a field summary.
    if (error.status !== 404 && (n > 0 || error.code === 'validation_failed')) return n === 1 ? 'There is a problem with one field.' : n > 1 ? `There is a problem with ${n} fields.` : 'Some of what you entered is not valid.';
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
