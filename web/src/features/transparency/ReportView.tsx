import { Link } from 'react-router';
import { Bar, BarChart, CartesianGrid, LabelList, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { DataTable, Stat } from '../../components';
import { days, num, pct, type Count, type Report } from './types';

const OUTCOME_COLOURS: Record<string, string> = { approved: '#2e7d32', approved_with_provisos: '#81c784', refused: '#c62828', no_licence_required: '#1565c0', withdrawn: '#9e9e9e' };
const label = (s: string) => s.replace(/_/g, ' ');

/** What the public page narrows the tables and the destination chart to (from its URL). */
export interface ReportFilters {
  destination?: string;
  outcome?: string;
}

/** Groups long rows (key, outcome, count) into chart rows {key, approved, refused, …}; `<outcome>__label` is the bar's label ("<5" kept). */
function pivot<T extends { outcome: string; count: Count }>(rows: T[], key: (r: T) => string) {
  const m = new Map<string, Record<string, number | string>>();
  for (const r of rows) {
    const k = key(r);
    const row = m.get(k) ?? { key: k, total: 0 };
    row[r.outcome] = num(r.count);
    row[`${r.outcome}__label`] = r.count === 0 ? '' : String(r.count);
    row.total = (row.total as number) + num(r.count);
    m.set(k, row);
  }
  return [...m.values()];
}

/** One report edition: key figures, three charts and the tables. `drill` links figures to the officers' case list. */
export function ReportView({ report, drill, filters = {} }: { report: Report; drill?: (filter: Record<string, string>) => string; filters?: ReportFilters }) {
  const dest = (filters.destination ?? '').trim().toLowerCase();
  const keep = <T extends { outcome: string }>(r: T, name?: string) => (!filters.outcome || r.outcome === filters.outcome) && (!dest || name === undefined || name.toLowerCase().includes(dest));
  const outcomeRows = report.outcomes.filter((r) => keep(r, r.destinationName));
  const outcomes = [...new Set(outcomeRows.map((o) => o.outcome))].sort();
  const byDest = pivot(outcomeRows, (o) => o.destinationName).filter((r) => (r.total as number) > 0).sort((a, b) => (b.total as number) - (a.total as number)).slice(0, 15);
  const overTime = pivot(report.decisionsOverTime, (o) => o.month).sort((a, b) => String(a.key).localeCompare(String(b.key)));
  const dist = report.processingDays.distribution.map((b) => ({ band: b.band, cases: num(b.count), shown: String(b.count) }));
  const cell = (c: Count, filter?: Record<string, string>) => (drill && filter && c !== 0 ? <Link to={drill(filter)}>{c}</Link> : c);
  return (
    <div className="report" data-testid="report">
      <div className="stats-bar">
        <Stat label="Applications received" value={report.applications.received} />
        <Stat label="Decided" value={report.applications.decided} />
        <Stat label="Median processing time" value={days(report.processingDays.median)} />
        <Stat label="90th percentile" value={days(report.processingDays.p90)} />
        <Stat label={`Within target${report.processingDays.targetDays ? ` (${report.processingDays.targetDays} working days)` : ''}`} value={pct(report.processingDays.withinTargetShare)} />
      </div>

      <section className="panel">
        <h2 id="chart-destinations">Outcomes by destination (15 largest)</h2>
        <div className="chart" role="img" aria-labelledby="chart-destinations" data-testid="chart-destinations">
          <ResponsiveContainer width="100%" height={360}>
            <BarChart data={byDest} layout="vertical" margin={{ left: 40 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis type="number" allowDecimals={false} />
              <YAxis type="category" dataKey="key" width={150} />
              <Tooltip />
              <Legend />
              {outcomes.map((o) => (
                <Bar key={o} dataKey={o} name={label(o)} stackId="a" fill={OUTCOME_COLOURS[o] ?? '#607d8b'} isAnimationActive={false}>
                  <LabelList dataKey={`${o}__label`} position="center" fill="#fff" fontSize={11} />
                </Bar>
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      </section>

      <section className="panel">
        <h2 id="chart-time">Decisions over time</h2>
        <div className="chart" role="img" aria-labelledby="chart-time" data-testid="chart-time">
          <ResponsiveContainer width="100%" height={280}>
            <LineChart data={overTime}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="key" />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Legend />
              {outcomes.map((o) => (
                <Line key={o} dataKey={o} name={label(o)} stroke={OUTCOME_COLOURS[o] ?? '#607d8b'} isAnimationActive={false} dot={false} />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
      </section>

      <section className="panel">
        <h2 id="chart-processing">Processing time (working days)</h2>
        <div className="chart" role="img" aria-labelledby="chart-processing" data-testid="chart-processing">
          <ResponsiveContainer width="100%" height={260}>
            <BarChart data={dist}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="band" />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Bar dataKey="cases" name="Cases decided" fill="#1565c0" isAnimationActive={false}>
                <LabelList dataKey="shown" position="top" fontSize={11} />
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
        <p className="hint">Cells of 1 to 4 cases are shown as “&lt;5” and drawn as 0 so that no exporter can be identified.</p>
      </section>

      <section className="panel">
        <h2>Outcomes by destination</h2>
        <DataTable
          caption="Cases decided, by final destination and outcome"
          rowKey={(r) => `${r.destination}|${r.outcome}`}
          rows={outcomeRows}
          columns={[
            { key: 'destinationName', header: 'Destination' },
            { key: 'outcome', header: 'Outcome', render: (r) => label(r.outcome) },
            { key: 'count', header: 'Cases', sortValue: (r) => num(r.count), render: (r) => cell(r.count, { destination: r.destination, outcome: r.outcome }) },
          ]}
        />
      </section>

      <section className="panel">
        <h2>Outcomes by control category and regime</h2>
        <DataTable
          rowKey={(r) => `${r.controlCategory}|${r.regime}|${r.outcome}`}
          rows={report.outcomesByControlCategory.filter((r) => keep(r))}
          columns={[
            { key: 'controlCategory', header: 'Category', render: (r) => label(r.controlCategory) },
            { key: 'regime', header: 'Regime' },
            { key: 'outcome', header: 'Outcome', render: (r) => label(r.outcome) },
            { key: 'count', header: 'Cases', sortValue: (r) => num(r.count), render: (r) => cell(r.count, { controlCategory: r.controlCategory, regime: r.regime, outcome: r.outcome }) },
          ]}
        />
      </section>

      <section className="panel">
        <h2>Refusal criteria cited</h2>
        <DataTable
          rowKey={(r) => r.criterion}
          rows={report.refusalCriteria}
          empty={<p>No refusals in this period.</p>}
          columns={[
            { key: 'criterion', header: 'Criterion' },
            { key: 'description', header: 'Description', sortable: false },
            { key: 'count', header: 'Cases citing it', sortValue: (r) => num(r.count), render: (r) => cell(r.count, { criterion: r.criterion }) },
          ]}
        />
      </section>

      <section className="panel">
        <h2>Questions, appeals, special cases and licences</h2>
        <dl className="facts">
          <dt>Cases with a question to the exporter (clock stopped)</dt>
          <dd>{report.questions.casesWithQuestions} ({report.questions.questionsAsked} questions, {report.questions.clockStopDays} working days stopped)</dd>
          <dt>Appeals lodged / decided</dt>
          <dd>
            {report.appeals.lodged} / {report.appeals.decided} {report.appeals.outcomes.map((o) => `· ${label(o.outcome)} ${o.count}`).join(' ')}
          </dd>
          <dt>Humanitarian cases decided</dt>
          <dd>
            {report.humanitarian.decided} (median {days(report.humanitarian.processingDays.median)}, p90 {days(report.humanitarian.processingDays.p90)})
          </dd>
          <dt>Research cases decided</dt>
          <dd>
            {report.research.decided} (median {days(report.research.processingDays.median)}, p90 {days(report.research.processingDays.p90)})
          </dd>
          <dt>Licences suspended / revoked</dt>
          <dd>
            {report.licences.suspended} / {report.licences.revoked}
          </dd>
        </dl>
      </section>
    </div>
  );
}
