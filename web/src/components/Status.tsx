import type { ReactNode } from 'react';
import { ApiError } from '../api/client';
import { errorSummaryItems, errorText } from '../api/fieldErrors';

const TONES: Record<string, string> = {
  approved: 'good', approved_with_provisos: 'good', issued: 'good', active: 'good', succeeded: 'good', no_licence_required: 'good', cleared: 'good', false_positive: 'good', ok: 'good',
  refused: 'bad', prohibited: 'bad', revoked: 'bad', failed: 'bad', true_match: 'bad', overdue: 'bad', individual_licence_required: 'warn',
  submitted: 'info', under_review: 'info', running: 'info', queued: 'info', draft: 'neutral', general_licence: 'good', notify_authority: 'warn', escalate: 'warn', suspended: 'warn',
};

/** A coloured badge for a status word; the text itself carries the meaning (colour is only a cue). */
export function StatusBadge({ status, label }: { status: string; label?: string }) {
  const tone = TONES[status] ?? 'neutral';
  return <span className={`badge badge-${tone}`}>{label ?? status.replace(/_/g, ' ')}</span>;
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      {what}…
    </p>
  );
}

/** An error box that says what went wrong and what to do next. */
export function ErrorState({ error, children }: { error: unknown; children?: ReactNode }) {
  const status = error instanceof ApiError ? error.status : 0;
  const msg = errorText(error);
  const items = status === 404 ? [] : errorSummaryItems(error);
  const next = status === 401 ? 'Sign in and try again.' : status === 403 ? 'Your role does not give access to this page.' : status === 404 ? 'It may have been removed, or belong to another organisation.' : 'Try again; if it keeps failing, quote the message to support.';
  return (
    <div className="alert alert-error" role="alert">
      <strong>{msg}</strong> {items.length ? items.map((i) => `${i.label}: ${i.message}.`).join(' ') : next}
      {children}
    </div>
  );
}

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <header className="page-header">
      <h1>{title}</h1>
      {children && <div className="page-actions">{children}</div>}
    </header>
  );
}

/** A small bar of labelled key figures. */
export function Stat({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div className="stat">
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
    </div>
  );
}
