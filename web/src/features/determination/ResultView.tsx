import { StatusBadge } from '../../components';
import { OUTCOME_LABEL, type DeterminationResult, type ItemResult, type Outcome } from './types';

/** Outcome badge; "review required" is a warning, never the green of a clearance. */
function OutcomeBadge({ outcome }: { outcome: Outcome }) {
  if (outcome === 'review_required') return <span className="badge badge-warn">{OUTCOME_LABEL.review_required}</span>;
  return <StatusBadge status={outcome} label={OUTCOME_LABEL[outcome]} />;
}

/** The outcome of a determination with its reasons, citations and next steps. */
export function ResultView({ result }: { result: DeterminationResult }) {
  return (
    <section aria-labelledby="det-result" className="determination-result">
      <h2 id="det-result">
        Outcome: <OutcomeBadge outcome={result.outcome} />
      </h2>
      {(result.warnings ?? []).map((w, i) => (
        <div key={i} className="alert alert-warn" role="alert">
          {w}
        </div>
      ))}
      <p>
        Risk tier <strong>{result.tier}</strong>. Rules: <code>{result.policyVersion}</code> in force on {result.date}.
        {result.id && (
          <>
            {' '}
            Reference <code>{result.id}</code>.
          </>
        )}
      </p>
      {result.historical && (
        <div className="alert alert-warn" role="note">
          This is a historical rule pack (2016). It is not current law.
        </div>
      )}
      {result.items.map((it, i) => (
        <ItemView key={i} item={it} index={i} />
      ))}
    </section>
  );
}

function ItemView({ item, index }: { item: ItemResult; index: number }) {
  const applied = item.trace.filter((t) => t.applied);
  const name = item.code ?? item.description ?? `Item ${index + 1}`;
  return (
    <article className="card" aria-label={`Item ${name}`}>
      <h3>
        {name}: <OutcomeBadge outcome={item.outcome} /> <span className="hint">tier {item.tier}</span>
      </h3>
      {item.notEvaluated && item.notEvaluated.length > 0 && (
        <div className="alert alert-warn" role="alert" aria-label={`Not determined: ${name}`}>
          <strong>We could not determine this: check {item.notEvaluated.map((n) => n.why).join('; ')}.</strong>
          <ul>
            {item.notEvaluated.map((n, i) => (
              <li key={i}>
                <code>{n.rule}</code> <small>{n.citation}</small>
              </li>
            ))}
          </ul>
        </div>
      )}
      <h4>What to do next</h4>
      <ul className="next-steps">
        {item.nextSteps.map((s, i) => (
          <li key={i}>{s}</li>
        ))}
      </ul>
      {item.generalLicences.length > 0 && (
        <>
          <h4>General licences you can use</h4>
          {item.generalLicences.map((g) => (
            <div key={g.id}>
              <p>
                <strong>{g.id}</strong> {g.name} {g.registered ? '(registered)' : '(register before or after first use as required)'}
                {g.flagged && <span className="badge badge-warn"> some facts unverified</span>}
              </p>
              <details>
                <summary>Conditions you must still meet ({g.conditions.length})</summary>
                <ul>
                  {g.conditions.map((c, i) => (
                    <li key={i}>{c}</li>
                  ))}
                </ul>
              </details>
            </div>
          ))}
        </>
      )}
      {item.exemptions.length > 0 && (
        <>
          <h4>Exemptions</h4>
          <ul>
            {item.exemptions.map((e) => (
              <li key={e.id}>
                <strong>{e.name}</strong>: {e.applies ? 'applies' : 'does not apply'}. {e.detail}
                {e.applies && <> Evidence to keep: {e.evidence.join('; ')}.</>}
                <br />
                <small>{e.citation}</small>
              </li>
            ))}
          </ul>
        </>
      )}
      <h4>Why</h4>
      <ul className="reasons">
        {applied.map((t, i) => (
          <li key={i}>
            {t.detail}
            <br />
            <small>
              {t.citation}
              {t.status ? ` · ${t.status}` : ''}
            </small>
          </li>
        ))}
      </ul>
      <details>
        <summary>Every rule considered ({item.trace.length})</summary>
        <table className="data-table">
          <caption>Trace for {name}</caption>
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Applied</th>
              <th scope="col">Detail</th>
              <th scope="col">Citation</th>
            </tr>
          </thead>
          <tbody>
            {item.trace.map((t, i) => (
              <tr key={i}>
                <td>
                  <code>{t.rule}</code>
                </td>
                <td>{t.applied ? 'yes' : t.status === 'not_evaluated' ? 'not evaluated' : 'no'}</td>
                <td>{t.detail}</td>
                <td>{t.citation}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </article>
  );
}
