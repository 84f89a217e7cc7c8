import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Button, FormError, fieldErrors } from '../../components';
import type { Match } from './types';

interface BatchInfo { id: string; status: string; total: number; jobId: string | null; statusUrl: string | null; resultsUrl: string }
type BatchAnswer = { mode: 'inline'; results: Array<{ id: string; matches: Match[] }> } | { mode: 'job'; batch: BatchInfo };
interface Job { status: string; progress: number | null; progressMessage: string | null; lastError: string | null }

function JobProgress({ batch }: { batch: BatchInfo }) {
  const q = useQuery({
    queryKey: ['screening', 'batch-job', batch.jobId],
    queryFn: () => api.get<Job>(batch.statusUrl!),
    refetchInterval: (query) => (query.state.data && ['succeeded', 'failed'].includes(query.state.data.status) ? false : 1500),
  });
  const j = q.data;
  return (
    <div role="status" data-testid="batch-job">
      <p>
        {batch.total} rows are being screened as a background job: {j ? j.status : 'queued'}
        {j?.progressMessage ? ` (${j.progressMessage})` : ''}
      </p>
      <progress max={1} value={j?.progress ?? 0} aria-label="Batch progress" />
      {j?.status === 'succeeded' && (
        <p>
          <a href={batch.resultsUrl} download>
            Download results (JSON lines)
          </a>
        </p>
      )}
      {j?.status === 'failed' && <p className="alert alert-error">The job failed: {j.lastError}</p>}
    </div>
  );
}

/** Upload a CSV (id,name[,type,country,dob]); small files answer at once, large ones run as a job with progress. */
export function BatchPanel() {
  const [file, setFile] = useState<File | null>(null);
  const m = useMutation({
    mutationFn: () => {
      const form = new FormData();
      form.append('file', file!);
      return api.upload<BatchAnswer>('/api/screening/batch', form);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) m.mutate();
  };
  const errs = fieldErrors(m.error);
  return (
    <section aria-label="Batch screening" className="card">
      <h2>Screen a file</h2>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="batch-file">Parties CSV</label>
          <span className="hint">Columns id,name and optional type,country,dob. Up to 100 rows answer at once; larger files run in the background.</span>
          <input id="batch-file" type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </div>
        <Button type="submit" disabled={!file || m.isPending}>
          Screen file
        </Button>
      </form>
      {Object.keys(errs).length > 0 && (
        <ul className="alert alert-error" role="alert">
          {Object.entries(errs).map(([k, v]) => (
            <li key={k}>
              {k}: {v}
            </li>
          ))}
        </ul>
      )}
      <FormError error={m.error && !Object.keys(errs).length ? m.error : null} />
      {m.data?.mode === 'job' && <JobProgress batch={m.data.batch} />}
      {m.data?.mode === 'inline' && (
        <table className="data-table" data-testid="batch-results">
          <caption>Results</caption>
          <thead>
            <tr>
              <th scope="col">Row id</th>
              <th scope="col">Best match</th>
              <th scope="col">Score</th>
              <th scope="col">Matches</th>
            </tr>
          </thead>
          <tbody>
            {m.data.results.map((r) => (
              <tr key={r.id}>
                <td>{r.id}</td>
                <td>{r.matches[0] ? `${r.matches[0].name} (${r.matches[0].list ?? r.matches[0].source})` : 'no match'}</td>
                <td>{r.matches[0]?.score.toFixed(3) ?? ''}</td>
                <td>{r.matches.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
