import type { Explanation } from './types';

/** Which query token matched which listed token and how, and what each secondary feature added or took away. */
export function ExplanationView({ e }: { e: Explanation }) {
  return (
    <div className="explanation">
      <p>{e.summary}</p>
      <table className="data-table">
        <caption>Token alignment</caption>
        <thead>
          <tr>
            <th scope="col">Query token</th>
            <th scope="col">Listed token</th>
            <th scope="col">How</th>
            <th scope="col">Similarity</th>
            <th scope="col">Weight</th>
          </tr>
        </thead>
        <tbody>
          {e.tokens.map((t, i) => (
            <tr key={i}>
              <td>{t.query}</td>
              <td>{t.matched ?? '—'}</td>
              <td>{t.how}</td>
              <td>{t.similarity.toFixed(2)}</td>
              <td>{t.weight.toFixed(2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {e.features.length > 0 && (
        <ul className="features">
          {e.features.map((f, i) => (
            <li key={i}>
              <strong>{f.feature}</strong> {f.effect > 0 ? '+' : ''}
              {f.effect.toFixed(2)}: {f.detail}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
