import { useEffect, useId, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, qs } from '../../../api/client';
import { ErrorState, TextField } from '../../../components';

interface Hit { code: string; title: string; list: string; snippet?: string; confidence: 'high' | 'low' }

/**
 * The good's control entry: typed (e.g. ML5, 5A002), or found with the control-list search (GET /api/controls/search)
 * by describing the good. A weak match says so; the exporter always chooses.
 */
export function ControlPicker({ label, value, onChange, error, suggest }: { label: string; value: string; onChange(code: string): void; error?: string; suggest: string }) {
  const id = useId();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setQ(text.trim()), 350);
    return () => clearTimeout(t);
  }, [text]);
  const found = useQuery({
    queryKey: ['controls', 'search', q],
    enabled: q.length >= 2,
    queryFn: () => api.get<{ results: Hit[]; corrected?: { from: string; to: string }[] }>(`/api/controls/search${qs({ q, limit: 6 })}`),
  });
  return (
    <div className="control-picker">
      <TextField label={label} hint="Blank if the good is not on a control list" value={value} onChange={(e) => onChange(e.target.value.toUpperCase())} error={error} />
      <details>
        <summary>Find the control entry on the control list</summary>
        <TextField label={`${label}: search the control list`} hint="Describe the good or type a code" value={text} onChange={(e) => setText(e.target.value)} placeholder={suggest.slice(0, 60)} />
        <div aria-live="polite" id={`${id}-results`}>
          {found.isFetching && <p className="hint">Searching…</p>}
          {found.error ? <ErrorState error={found.error} /> : null}
          {found.data && found.data.results.length === 0 && <p>No control entry matches “{q}”. If the good is not listed, leave the entry blank and describe it fully.</p>}
          {found.data && found.data.results.length > 0 && (
            <ul style={{ paddingLeft: 18 }}>
              {found.data.results.map((r) => (
                <li key={`${r.list}-${r.code}`} style={{ margin: '4px 0' }}>
                  <button type="button" className="btn btn-secondary" onClick={() => onChange(r.code)} aria-label={`Use ${r.code}: ${r.title}`}>
                    Use {r.code}
                  </button>{' '}
                  {r.title} <small>({r.list.toUpperCase()}{r.confidence === 'low' ? ', weak match: it may not be on the list' : ''})</small>
                </li>
              ))}
            </ul>
          )}
        </div>
      </details>
    </div>
  );
}
