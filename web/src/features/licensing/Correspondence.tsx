import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Button, FormError, TextArea, fieldErrors } from '../../components';

interface Message { id: string; side: string; author: string; text: string; createdAt: string; attachments: { id: string; filename: string; url: string }[] }

/** The message thread between the authority and the exporter on one case; attachments are documents on the case. */
export function Correspondence({ base, documents, uploadUrl }: { base: string; documents: { id: string; filename: string }[]; uploadUrl?: string }) {
  const qc = useQueryClient();
  const key = ['messages', base];
  const q = useQuery({ queryKey: key, queryFn: () => api.get<{ messages: Message[] }>(`${base}/messages`) });
  const [text, setText] = useState('');
  const [attach, setAttach] = useState<string[]>([]);
  const [file, setFile] = useState<File | null>(null);
  const send = useMutation({
    mutationFn: async () => {
      const ids = [...attach];
      if (file && uploadUrl) {
        const fd = new FormData();
        fd.append('file', file);
        const up = await api.upload<{ id: string }>(uploadUrl, fd);
        ids.push(up.id);
      }
      return api.post(`${base}/messages`, { text, documentIds: ids });
    },
    onSuccess: () => {
      setText('');
      setAttach([]);
      setFile(null);
      void qc.invalidateQueries({ queryKey: key });
      void qc.invalidateQueries({ queryKey: ['application'] });
      void qc.invalidateQueries({ queryKey: ['case'] });
    },
  });
  const errs = fieldErrors(send.error);
  return (
    <section className="panel" aria-labelledby="msg-h">
      <h2 id="msg-h">Correspondence</h2>
      <ol className="thread">
        {(q.data?.messages ?? []).map((m) => (
          <li key={m.id}>
            <strong>{m.author}</strong> <small>{m.createdAt.slice(0, 16).replace('T', ' ')}</small>
            <p>{m.text}</p>
            {m.attachments.map((a) => (
              <a key={a.id} href={a.url}>{a.filename}</a>
            ))}
          </li>
        ))}
        {q.data && !q.data.messages.length && <li>No messages yet.</li>}
      </ol>
      <FormError error={send.error} />
      <TextArea label="Message" value={text} onChange={(e) => setText(e.target.value)} error={errs.text} rows={3} />
      {documents.length > 0 && (
        <fieldset>
          <legend>Attach documents already on the case</legend>
          {documents.map((d) => (
            <label key={d.id} className="check">
              <input type="checkbox" checked={attach.includes(d.id)} onChange={(e) => setAttach(e.target.checked ? [...attach, d.id] : attach.filter((x) => x !== d.id))} /> {d.filename}
            </label>
          ))}
        </fieldset>
      )}
      {uploadUrl && (
        <label>
          Attach a new file (PDF, PNG, JPEG, text or CSV, up to 10 MB)
          <input type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
      )}
      <Button onClick={() => send.mutate()} disabled={send.isPending}>Send message</Button>
    </section>
  );
}
