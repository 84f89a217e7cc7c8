import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Button, FormError, TextArea, fieldErrors } from '../../components';
import { formatParam, rating, type ClassificationRequest, type Publication } from './types';

interface Preview {
  publication: Publication;
  removed: string[];
  notes: string[];
  alreadyPublished: boolean;
}

/**
 * The officer publishes a ruling in two steps: preview exactly what the public will see (redacted, with what was
 * removed and what consent leaves out), then publish that.
 */
export function PublicationPanel({ r }: { r: ClassificationRequest }) {
  const [summary, setSummary] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [published, setPublished] = useState<Publication | null>(null);
  const body = () => ({ publicSummary: summary, parameters: chosen });
  const preview = useMutation({ mutationFn: () => api.post<Preview>(`/api/classification/requests/${r.id}/publication/preview`, body()) });
  const publish = useMutation({ mutationFn: () => api.post<Publication>(`/api/classification/requests/${r.id}/publication`, body()), onSuccess: setPublished });
  const f = fieldErrors(preview.error ?? publish.error);
  const p = preview.data;
  if (published) return <section className="panel" data-testid="published"><h2>Published</h2><p role="status">Ruling {published.reference} is on the public register.</p></section>;
  return (
    <section className="panel" aria-labelledby="publish-h">
      <h2 id="publish-h">Publish this ruling</h2>
      <p className="hint">The public register shows only what you write here, the rating and the parameters you tick, after redaction. The product description appears only with the exporter’s consent ({r.publishDescription ? 'given' : 'not given'}).</p>
      <FormError error={preview.error ?? publish.error} />
      <TextArea label="Public summary" value={summary} onChange={(e) => { setSummary(e.target.value); preview.reset(); }} error={f.publicSummary} rows={3} maxLength={2000} />
      <fieldset className="field">
        <legend>Parameters that decided the rating</legend>
        {r.parameters.map((x) => (
          <label key={x.name} style={{ display: 'block' }}>
            <input type="checkbox" checked={chosen.includes(x.name)} onChange={(e) => { setChosen(e.target.checked ? [...chosen, x.name] : chosen.filter((n) => n !== x.name)); preview.reset(); }} /> {formatParam(x)}
          </label>
        ))}
      </fieldset>
      <Button type="button" onClick={() => preview.mutate()} disabled={preview.isPending}>Preview publication</Button>
      {p && (
        <div className="panel" data-testid="publication-preview" aria-label="What the public will see">
          <h3>What the public will see</h3>
          <p><strong>{p.publication.reference}</strong>: {rating(p.publication.rating)}</p>
          <p data-testid="preview-summary">{p.publication.publicSummary}</p>
          {p.publication.description && <p>{p.publication.description}</p>}
          {p.publication.parameters.length > 0 && <ul>{p.publication.parameters.map((x, i) => <li key={i}>{formatParam(x)}</li>)}</ul>}
          {p.removed.length > 0 && <p className="hint" data-testid="preview-removed">Removed: {p.removed.join(', ')}</p>}
          {p.notes.map((n, i) => <p key={i} className="hint">{n}</p>)}
          {p.alreadyPublished ? <p role="status">Already published.</p> : <Button type="button" onClick={() => publish.mutate()} disabled={publish.isPending}>Publish as previewed</Button>}
        </div>
      )}
    </section>
  );
}
