import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../../api/client';
import { Button, FormError, SelectField } from '../../../components';
import type { Application } from '../types';
import { PARTY_ROLE_LABEL, human } from './sections';

const KINDS = ['end_user_undertaking', 'technical_specification', 'contract', 'appeal_evidence', 'other'];
const ACCEPT = ['.pdf', '.png', '.jpg', '.jpeg', '.txt', '.csv'];
const MAX = 10 * 1024 * 1024;

/** Why a file would be refused, checked before sending (the server checks again, content included). */
export function fileProblem(f: File): string | null {
  const ext = f.name.includes('.') ? f.name.slice(f.name.lastIndexOf('.')).toLowerCase() : '';
  if (!ACCEPT.includes(ext)) return `“${f.name}” is not accepted: use PDF, PNG, JPEG, text or CSV`;
  if (f.size === 0) return `“${f.name}” is empty`;
  if (f.size > MAX) return `“${f.name}” is larger than 10 MB (${(f.size / 1024 / 1024).toFixed(1)} MB)`;
  return null;
}

export const partyLabel = (a: Application, partyId: string | null | undefined) => {
  const p = partyId ? a.parties.find((x) => x.id === partyId) : undefined;
  return p ? `${PARTY_ROLE_LABEL[p.role] ?? human(p.role)}: ${p.name}` : 'The application';
};

/** The documents on an application (each with the party it is about) and an upload form: to a party or the application. */
export function DocumentUpload({ app, onDone, defaultKind = 'end_user_undertaking' }: { app: Application; onDone(doc: { id: string }): void; defaultKind?: string }) {
  const [kind, setKind] = useState(defaultKind);
  const [partyId, setPartyId] = useState(() => app.parties.find((p) => p.role === 'end_user')?.id ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [local, setLocal] = useState<string | null>(null);
  const upload = useMutation({
    mutationFn: () => {
      const form = new FormData();
      form.append('kind', kind);
      if (partyId) form.append('partyId', partyId);
      form.append('file', file!);
      return api.upload<{ id: string }>(`/api/applications/${app.id}/documents`, form);
    },
    onSuccess: (d) => {
      setFile(null);
      onDone(d);
    },
  });
  return (
    <>
      {app.documents.length > 0 ? (
        <ul aria-label="Documents on this application">
          {app.documents.map((d) => (
            <li key={d.id}>
              <a href={`/api/applications/${app.id}/documents/${d.id}`}>{d.filename}</a> ({human(d.kind)}, {Math.ceil(d.size / 1024)} KB) — {partyLabel(app, d.partyId)}
            </li>
          ))}
        </ul>
      ) : <p>No documents yet.</p>}
      <form onSubmit={(e) => { e.preventDefault(); if (file && !fileProblem(file)) upload.mutate(); }} noValidate>
        <FormError error={upload.error} />
        <SelectField label="Document type" value={kind} onChange={(e) => setKind(e.target.value)} options={KINDS.map((v) => ({ value: v, label: human(v) }))} />
        <SelectField label="About" value={partyId} onChange={(e) => setPartyId(e.target.value)} options={[{ value: '', label: 'The application as a whole' }, ...app.parties.map((p) => ({ value: p.id, label: partyLabel(app, p.id) }))]} />
        <div className={`field${local ? ' has-error' : ''}`}>
          <label htmlFor={`doc-file-${app.id}`}>File (PDF, PNG, JPEG, text or CSV, up to 10 MB)</label>
          <input id={`doc-file-${app.id}`} type="file" accept={ACCEPT.join(',')} aria-invalid={local ? true : undefined}
            onChange={(e) => { const f = e.target.files?.[0] ?? null; setFile(f); setLocal(f ? fileProblem(f) : null); upload.reset(); }} />
          {local && <span className="field-error" role="alert">{local}</span>}
        </div>
        <Button type="submit" variant="secondary" disabled={!file || Boolean(local) || upload.isPending}>{upload.isPending ? 'Uploading…' : 'Upload'}</Button>
      </form>
    </>
  );
}
