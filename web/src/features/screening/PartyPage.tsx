import { useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Button, DataTable, ErrorState, FormError, Loading, PageHeader, RequireRole, StatusBadge } from '../../components';
import { ExplanationView } from './Explanation';
import { PARTY_READERS, type Hit, type Party } from './types';

interface Screening { id: string; trigger: string; listVersions: Record<string, string>; hitCount: number; newHitCount: number; createdAt: string }

export function PartyPage() {
  const { id } = useParams();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['screening', 'party', id], queryFn: () => api.get<{ party: Party; hits: Hit[]; screenings: Screening[] }>(`/api/screening/parties/${id}`) });
  const rescreen = useMutation({ mutationFn: () => api.post(`/api/screening/parties/${id}/rescreen`), onSuccess: () => qc.invalidateQueries({ queryKey: ['screening'] }) });
  return (
    <RequireRole roles={[...PARTY_READERS]}>
      {q.isLoading ? <Loading /> : q.error ? <ErrorState error={q.error} /> : (
        <>
          <PageHeader title={q.data!.party.name}>
            <Button type="button" variant="secondary" onClick={() => rescreen.mutate()} disabled={rescreen.isPending}>
              Screen again
            </Button>
          </PageHeader>
          <FormError error={rescreen.error} />
          <p>
            Status <StatusBadge status={q.data!.party.status} /> · {q.data!.party.subjectType} · {q.data!.party.type ?? 'type unknown'} · {q.data!.party.country ?? 'country unknown'} · last screened {q.data!.party.lastScreenedAt ?? 'never'}
          </p>
          <h2>Hits</h2>
          {!q.data!.hits.length ? <p>No hits.</p> : (
            <ul className="hits">
              {q.data!.hits.map((h) => (
                <li key={h.id} className="hit card">
                  <strong>{h.name}</strong> ({h.list ?? h.source}) · score {h.score.toFixed(3)} · <StatusBadge status={h.status} />
                  {h.reason && <div>Reason: {h.reason}</div>}
                  <details>
                    <summary>Why this hit</summary>
                    <ExplanationView e={h.explanation} />
                  </details>
                </li>
              ))}
            </ul>
          )}
          <h2>Screenings</h2>
          <DataTable
            rows={q.data!.screenings}
            rowKey={(s) => s.id}
            columns={[
              { key: 'createdAt', header: 'When' },
              { key: 'trigger', header: 'Why' },
              { key: 'hitCount', header: 'Hits' },
              { key: 'newHitCount', header: 'New hits' },
              { key: 'listVersions', header: 'List versions', sortable: false, render: (s) => Object.keys(s.listVersions).join(', ') },
            ]}
          />
        </>
      )}
    </RequireRole>
  );
}
