import { useEffect, useId, useRef, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { errorSummaryItems, errorText, fieldErrors as humanFieldErrors } from '../api/fieldErrors';

interface FieldProps {
  label: string;
  /** Field error from the API (`error.fields[name]`). */
  error?: string;
  hint?: string;
}

/** A labelled input with its hint and error wired for screen readers. */
export function TextField({ label, error, hint, ...rest }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint && <span className="hint" id={`${id}-hint`}>{hint}</span>}
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-err` : hint ? `${id}-hint` : undefined} {...rest} />
      {error && <span className="field-error" id={`${id}-err`} role="alert">{error}</span>}
    </div>
  );
}

export function TextArea({ label, error, hint, ...rest }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint && <span className="hint" id={`${id}-hint`}>{hint}</span>}
      <textarea id={id} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-err` : undefined} {...rest} />
      {error && <span className="field-error" id={`${id}-err`} role="alert">{error}</span>}
    </div>
  );
}

export function SelectField({ label, error, hint, options, ...rest }: FieldProps & SelectHTMLAttributes<HTMLSelectElement> & { options: Array<{ value: string; label: string }> }) {
  const id = useId();
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint && <span className="hint">{hint}</span>}
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-err` : undefined} {...rest}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error && <span className="field-error" id={`${id}-err`} role="alert">{error}</span>}
    </div>
  );
}

/**
 * The error summary for a form: the API's message, or for field errors one human line per field
 * (never the raw validator text). When a new error arrives it moves focus to the first invalid field
 * in the same form, or to itself when no field is marked.
 */
export function FormError({ error }: { error: unknown }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const box = ref.current;
    if (!error || !box) return;
    const scope = box.closest('form') ?? box.parentElement ?? document.body;
    const first = scope.querySelector<HTMLElement>('[aria-invalid="true"]');
    (first ?? box).focus();
  }, [error]);
  if (!error) return null;
  const items = errorSummaryItems(error);
  return (
    <div className="alert alert-error error-summary" role="alert" ref={ref} tabIndex={-1}>
      <strong>{errorText(error)}</strong>
      {items.length > 0 && (
        <ul>
          {items.map((i) => (
            <li key={i.path}>
              {i.label}: {i.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Human field errors of an ApiError keyed by the API's field path, or an empty object. */
export const fieldErrors = humanFieldErrors;

export function Button({ children, variant = 'primary', ...rest }: { children: ReactNode; variant?: 'primary' | 'secondary' | 'danger' } & React.ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button className={`btn btn-${variant}`} {...rest}>
      {children}
    </button>
  );
}
