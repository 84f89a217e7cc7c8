/** An audit event's before/after/details summary as readable lines ("status: draft → submitted"), not raw JSON. */
type Summary = { before?: unknown; after?: unknown; details?: unknown } | null | undefined;

const show = (v: unknown): string => {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string') return v.length > 80 ? `${v.slice(0, 77)}…` : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length <= 5 && v.every((x) => typeof x !== 'object') ? v.join(', ') : `${v.length} items`;
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
};
const label = (k: string) => k.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
const asRecord = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

export function AuditChange({ summary }: { summary: Summary }) {
  const before = asRecord(summary?.before);
  const after = asRecord(summary?.after);
  const details = asRecord(summary?.details);
  const lines: string[] = [];
  if (before || after) {
    const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
    for (const k of keys) {
      const b = before?.[k];
      const a = after?.[k];
      if (JSON.stringify(b) === JSON.stringify(a)) continue;
      lines.push(before && after ? `${label(k)}: ${show(b)} → ${show(a)}` : after ? `${label(k)}: ${show(a)}` : `${label(k)} was ${show(b)}`);
    }
  } else {
    if (summary?.before !== undefined) lines.push(`before: ${show(summary.before)}`);
    if (summary?.after !== undefined) lines.push(`after: ${show(summary.after)}`);
  }
  if (details) for (const [k, v] of Object.entries(details)) lines.push(`${label(k)}: ${show(v)}`);
  else if (summary?.details !== undefined) lines.push(show(summary.details));
  if (!lines.length) return <span className="hint">no details</span>;
  return (
    <ul className="audit-change">
      {lines.slice(0, 8).map((l) => (
        <li key={l}>{l}</li>
      ))}
      {lines.length > 8 && <li className="hint">and {lines.length - 8} more</li>}
    </ul>
  );
}
