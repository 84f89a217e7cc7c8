import { useEffect, useId, useState, type CSSProperties, type KeyboardEvent } from 'react';
import { countryName, exactCountry, matchCountries, type Country } from './countries';

interface Props {
  label: string;
  /** ISO 3166-1 alpha-2 code, or '' for none. */
  value: string;
  onChange(code: string): void;
  /** Field error from the API. */
  error?: string;
  hint?: string;
}

// An overlay, so opening or closing it never moves the buttons below (a click landing elsewhere).
const listStyle: CSSProperties = { position: 'absolute', top: '100%', left: 0, right: 0, zIndex: 5, margin: 0, padding: 0, border: '1px solid var(--line)', borderRadius: 4, maxHeight: 240, overflowY: 'auto', background: '#fff' };
const optionStyle = (active: boolean): CSSProperties => ({ padding: '4px 8px', cursor: 'pointer', background: active ? '#dbe9f8' : undefined });

/**
 * A searchable country picker (ARIA 1.2 combobox): type part of a name or the ISO code, pick with the arrow keys and
 * Enter or a click. The value is always an ISO code; text that names no country is reported, never kept silently.
 */
export function CountrySelect({ label, value, onChange, error, hint }: Props) {
  const id = useId();
  const [text, setText] = useState(countryName(value));
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [own, setOwn] = useState<string | null>(null);
  useEffect(() => setText(countryName(value)), [value]);
  const matches = open ? matchCountries(text) : [];
  const pick = (c: Country) => {
    setText(c.name);
    setOpen(false);
    setOwn(null);
    onChange(c.code);
  };
  const settle = () => {
    setOpen(false);
    if (!text.trim()) {
      setOwn(null);
      if (value) onChange('');
      return;
    }
    const c = exactCountry(text);
    if (c) pick(c);
    else {
      setOwn(`No country is called “${text.trim()}”: pick one from the list`);
      if (value) onChange('');
    }
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, Math.max(matches.length - 1, 0)));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter' && open && matches.length) {
      e.preventDefault();
      pick(matches[Math.min(active, matches.length - 1)]);
    } else if (e.key === 'Escape') setOpen(false);
  };
  const shown = own ?? error;
  const listId = `${id}-list`;
  return (
    <div className={`field${shown ? ' has-error' : ''}`} style={{ position: 'relative' }}>
      <label htmlFor={id}>{label}</label>
      {hint && <span className="hint" id={`${id}-hint`}>{hint}</span>}
      <input
        id={id}
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={open && matches.length > 0}
        aria-controls={listId}
        aria-activedescendant={open && matches.length ? `${id}-opt-${Math.min(active, matches.length - 1)}` : undefined}
        aria-invalid={shown ? true : undefined}
        aria-describedby={shown ? `${id}-err` : hint ? `${id}-hint` : undefined}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(0);
          setOwn(null);
        }}
        onFocus={() => setOpen(text.trim() !== '' && !value)}
        onBlur={settle}
        onKeyDown={onKey}
      />
      <div id={listId} role="listbox" aria-label={`${label}: matching countries`} style={{ ...listStyle, display: open && matches.length ? 'block' : 'none' }}>
        {matches.map((c, i) => (
          <div
            key={c.code}
            tabIndex={-1}
            id={`${id}-opt-${i}`}
            role="option"
            aria-selected={i === active}
            style={optionStyle(i === active)}
            // mousedown, not click: it runs before the input's blur settles the text
            onMouseDown={(e) => {
              e.preventDefault();
              pick(c);
            }}
          >
            {c.name} ({c.code})
          </div>
        ))}
      </div>
      {shown && <span className="field-error" id={`${id}-err`} role="alert">{shown}</span>}
    </div>
  );
}

/** Several countries (e.g. transit): the chosen ones with a remove button each, and a picker to add another. */
export function CountryMultiSelect({ label, values, onChange, error, hint }: { label: string; values: string[]; onChange(codes: string[]): void; error?: string; hint?: string }) {
  // Remounting the picker after each addition empties it for the next country.
  const [round, setRound] = useState(0);
  return (
    <fieldset className="country-multi">
      <legend>{label}</legend>
      {values.length > 0 ? (
        <ul style={{ listStyle: 'none', padding: 0, display: 'flex', flexWrap: 'wrap', gap: 8 }}>
          {values.map((c) => (
            <li key={c} className="badge badge-info">
              {countryName(c)}{' '}
              <button type="button" className="link-button" aria-label={`Remove ${countryName(c)}`} onClick={() => onChange(values.filter((v) => v !== c))}>
                ✕
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint">None</p>
      )}
      <CountrySelect
        key={round}
        label={`Add ${label.toLowerCase()}`}
        hint={hint}
        error={error}
        value=""
        onChange={(code) => {
          if (!code) return;
          if (!values.includes(code)) onChange([...values, code]);
          setRound(round + 1);
        }}
      />
    </fieldset>
  );
}
