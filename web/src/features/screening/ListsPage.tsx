import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from '@tanstack/react-query';
import { api, qs } from '../../api/client';
import { Button, DataTable, ErrorState, FormError, Loading, PageHeader, RequireRole, SelectField, Stat } from '../../components';
import { useAuth } from '../../auth';
import type { Source, Version } from './types';

export function ListsPage() {
  const q = useQuery({ queryKey: ['screening', 'lists'], queryFn: () => api.get<{ sources: Source[]; versions: Version[] }>('/api/screening/lists') });
  const { me } = useAuth();
  const update = useMutation({ mutationFn: () => api.post<{ jobId: string; statusUrl: string }>('/api/screening/lists/update', {}) });
  return (
    <RequireRole roles="all">
      <PageHeader title="Screening lists">
        {me?.role === 'admin' && (
          <Button type="button" variant="secondary" onClick={() => update.mutate()} disabled={update.isPending}>
            Fetch updates now
          </Button>
        )}
      </PageHeader>
      {update.data && (
        <p role="status">
          Update queued as job {update.data.jobId}; new versions appear here when it finishes (a rejected feed alerts the admins).
        </p>
      )}
      <FormError error={update.error} />
      {q.isLoading ? <Loading /> : q.error ? <ErrorState error={q.error} /> : (
        <>
          <DataTable
            caption="List versions (newest first)"
            rows={q.data!.versions}
            rowKey={(v) => v.id}
            columns={[
              { key: 'source', header: 'Source', render: (v) => <Link to={`/screening/lists/${v.id}`}>{v.source} v{v.seq}</Link> },
              { key: 'current', header: 'In force', render: (v) => (v.current ? 'yes' : '') },
              { key: 'fetchedAt', header: 'Fetched' },
              { key: 'dataDate', header: 'Data date', render: (v) => v.dataDate ?? '' },
              { key: 'origin', header: 'Origin' },
              { key: 'entities', header: 'Entities', sortValue: (v) => v.counts.entities, render: (v) => v.counts.entities },
              { key: 'diff', header: 'Diff', sortable: false, render: (v) => `+${v.counts.added} −${v.counts.removed} ~${v.counts.changed}` },
            ]}
          />
          <h2>Sources and where updates come from</h2>
          <DataTable
            rows={q.data!.sources.flatMap((s) => s.files.map((f) => ({ ...f, source: s.name, title: s.title })))}
            rowKey={(f) => `${f.source}:${f.key}`}
            columns={[
              { key: 'title', header: 'Source' },
              { key: 'key', header: 'File' },
              { key: 'env', header: 'Env var' },
              { key: 'url', header: 'Official URL', render: (f) => f.url ?? '(set the env var)' },
            ]}
          />
        </>
      )}
    </RequireRole>
  );
}

interface Change { entityId: string; change: string; name: string; list: string | null }

export function VersionPage() {
  const { id } = useParams();
  const [change, setChange] = useState('');
  const q = useQuery({ queryKey: ['screening', 'version', id, change], queryFn: () => api.get<{ version: Version; changes: Change[] }>(`/api/screening/lists/versions/${id}${qs({ change, limit: 1000 })}`) });
  return (
    <RequireRole roles="all">
      {q.isLoading ? <Loading /> : q.error ? <ErrorState error={q.error} /> : (
        <>
          <PageHeader title={`${q.data!.version.source} version ${q.data!.version.seq}`} />
          <div className="stats">
            <Stat label="Entities" value={q.data!.version.counts.entities} />
            <Stat label="Added" value={q.data!.version.counts.added} />
            <Stat label="Removed" value={q.data!.version.counts.removed} />
            <Stat label="Changed" value={q.data!.version.counts.changed} />
          </div>
          {!q.data!.version.previousVersionId && <p>First version of this list: every entity is new, so no diff is stored.</p>}
          <SelectField label="Show changes" value={change} onChange={(e) => setChange(e.target.value)} options={[{ value: '', label: 'All' }, { value: 'added', label: 'Added' }, { value: 'removed', label: 'Removed' }, { value: 'changed', label: 'Changed' }]} />
          <DataTable caption="Diff against the previous version" rows={q.data!.changes} rowKey={(c) => c.entityId} columns={[{ key: 'change', header: 'Change' }, { key: 'name', header: 'Name' }, { key: 'list', header: 'List', render: (c) => c.list ?? '' }, { key: 'entityId', header: 'Entity' }]} />
        </>
      )}
    </RequireRole>
  );
}
