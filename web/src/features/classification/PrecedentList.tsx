import { Link } from 'react-router';
import { EmptyState } from '../../components';
import { formatParam, rating, type Precedent } from './types';

/** Precedents as cards: the rating they got, similarity, and (when not redacted) a link to the request. */
export function PrecedentList({ results }: { results: Precedent[] }) {
  if (!results.length) return <EmptyState title="No similar precedents" />;
  return (
    <ol className="precedents" data-testid="precedents">
      {results.map((p) => (
        <li key={p.reference} className="card">
          <p>
            <strong>{rating(p.ruling)}</strong>
            {p.ruling.title ? ` — ${p.ruling.title}` : ''} · similarity <span data-testid="score">{Math.round(p.score * 100)}%</span>
            {p.textScore !== null && p.parameterScore !== null && <span className="hint"> (text {Math.round(p.textScore * 100)}%, parameters {Math.round(p.parameterScore * 100)}%)</span>}
          </p>
          <p>
            {p.requestId ? <Link to={`/classification/requests/${p.requestId}`}>{p.reference}</Link> : p.reference}: {p.productName} ({p.manufacturer}){p.partNumber ? `, part ${p.partNumber}` : ''}
            {p.organisation ? <span className="hint"> — {p.organisation.name}</span> : null}
            {p.view === 'redacted' && <span className="hint"> — another organisation’s ruling, redacted</span>}
          </p>
          <p className="hint">{p.description}</p>
          {p.parameters.length > 0 && <p className="hint">{p.parameters.map(formatParam).join(' · ')}</p>}
          <details>
            <summary>Rationale</summary>
            <p>{p.ruling.rationale}</p>
          </details>
        </li>
      ))}
    </ol>
  );
}
