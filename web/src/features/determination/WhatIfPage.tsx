import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api } from '../../api/client';
import { useAuth } from '../../auth';
import { Button, DataTable, ErrorState, FormError, Loading, PageHeader, RequireRole, SelectField, Stat, StatusBadge, TextField, fieldErrors } from '../../components';
import type { Options } from './types';

type Change = Record<string, unknown> & { op: string };

interface Draft {
  id: string;
  versionLabel: string;
  status: string;
  changes?: Change[];
  note: string | null;
  createdAt: string;
}

interface Report {
  id: string;
  baseline: string;
  total: number;
  applicationsTotal: number;
  changed: number;
  applicationsChanged: number;
  stricter: number;
  looser: number;
  transitions: Record<string, number>;
  tradeValueAffected: number;
  humanitarianAffected: number;
  researchAffected: number;
  disasterReliefAffected: number;
  changes: { determinationId: string; applicationId: string | null; destination: string; endUse: string; value: number; before: string; after: string; items: { code: string | null; before: string; after: string }[] }[];
  changesTruncated: boolean;
}

const OPS = [
  { value: 'add_embargo_destination', label: 'Add a destination to an embargo' },
  { value: 'remove_embargo_destination', label: 'Remove a destination from an embargo' },
  { value: 'add_section_i_code', label: 'Move an entry into Annex II Section I (excluded from EU001)' },
  { value: 'add_general_licence_exclusion', label: 'Exclude an entry from a general licence' },
  { value: 'narrow_exemption', label: 'Narrow an exemption (exclude a destination)' },
  { value: 'remove_exemption', label: 'Remove an exemption' },
  { value: 'set_chart_cell', label: 'Change a Country Chart cell (US)' },
];

const describe = (c: Change) =>
  Object.entries(c)
    .filter(([k]) => k !== 'op')
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');

/** Officers: draft a pack change, replay it against stored determinations and applications, adopt it from a date. */
export function WhatIfPage() {
  const { me: user } = useAuth();
  const opts = useQuery({ queryKey: ['determination-options'], queryFn: () => api.get<Options>('/api/determination/options') });
  const [policy, setPolicy] = useState('eu');
  const [changes, setChanges] = useState<Change[]>([]);
  const [op, setOp] = useState('add_embargo_destination');
  const [target, setTarget] = useState('');
  const [value, setValue] = useState('');
  const [column, setColumn] = useState('NS1');
  const [cell, setCell] = useState('true');
  const [note, setNote] = useState('');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [effectiveFrom, setEffectiveFrom] = useState('');

  const drafts = useQuery({ queryKey: ['determination-drafts'], queryFn: () => api.get<{ drafts: (Draft & { policy: string })[] }>('/api/determination/drafts') });
  const create = useMutation({
    mutationFn: () => api.post<Draft>('/api/determination/drafts', { policy, changes, ...(note ? { note } : {}) }),
    onSuccess: (d) => {
      setDraft(d);
      void drafts.refetch();
    },
  });
  const replay = useMutation({ mutationFn: (id: string) => api.post<Report>(`/api/determination/drafts/${id}/replay`) });
  const adopt = useMutation({
    mutationFn: (id: string) => api.post<{ versionLabel: string; effectiveFrom: string }>(`/api/determination/drafts/${id}/adopt`, effectiveFrom ? { effectiveFrom } : {}),
    onSuccess: () => void drafts.refetch(),
  });
  const open = (d: Draft & { policy: string }) => {
    setPolicy(d.policy);
    setChanges(d.changes ?? []);
    setNote(d.note ?? '');
    setDraft(d);
    replay.reset();
    adopt.reset();
  };

  if (opts.isLoading) return <Loading />;
  if (opts.error) return <ErrorState error={opts.error} />;
  const pol = opts.data!.policies.find((p) => p.policy === policy);
  const countries = opts.data!.countries.map((c) => ({ value: c.code, label: `${c.name} (${c.code})` }));

  const addChange = (e: FormEvent) => {
    e.preventDefault();
    let c: Change;
    switch (op) {
      case 'add_embargo_destination':
      case 'remove_embargo_destination':
        c = { op, embargo: target || pol?.embargoes[0]?.id || '', destination: value };
        break;
      case 'add_section_i_code':
        c = { op, code: value };
        break;
      case 'add_general_licence_exclusion':
        c = { op, generalLicence: target || pol?.generalLicences[0]?.id || '', code: value };
        break;
      case 'narrow_exemption':
        c = { op, exemption: target || pol?.exemptions[0]?.id || '', excludeDestinations: [value] };
        break;
      case 'remove_exemption':
        c = { op, exemption: target || pol?.exemptions[0]?.id || '' };
        break;
      default:
        c = { op, destination: value, column, value: cell === 'true' };
    }
    setChanges([...changes, c]);
    setDraft(null);
    replay.reset();
  };

  const targetOptions =
    op.includes('embargo') ? pol?.embargoes.map((e) => ({ value: e.id, label: e.name })) : op.includes('general_licence') ? pol?.generalLicences.map((g) => ({ value: g.id, label: `${g.id} ${g.name}` })) : op.includes('exemption') ? pol?.exemptions.map((e) => ({ value: e.id, label: e.name })) : null;
  const needsCountry = op.includes('destination') || op === 'narrow_exemption' || op === 'set_chart_cell';
  const needsCode = op === 'add_section_i_code' || op === 'add_general_licence_exclusion';
  const report = replay.data;
  const canAdopt = user && ['admin', 'senior_officer'].includes(user.role);
  const errs = fieldErrors(create.error);

  return (
    <RequireRole roles={['admin', 'licensing_officer', 'senior_officer', 'oversight']}>
      <PageHeader title="What-if: replay a rule change" />
      <p>Draft a change to a rule pack, see which stored determinations and applications it would change, then adopt it as a new version from a date.</p>
      <form onSubmit={addChange} aria-label="Add a change">
        <SelectField label="Rule pack" value={policy} onChange={(e) => { setPolicy(e.target.value); setChanges([]); setDraft(null); }} options={opts.data!.policies.map((p) => ({ value: p.policy, label: `${p.name} (${p.versionLabel})` }))} />
        <SelectField label="Change" value={op} onChange={(e) => { setOp(e.target.value); setTarget(''); }} options={OPS} />
        {targetOptions && <SelectField label="Which" value={target} onChange={(e) => setTarget(e.target.value)} options={targetOptions} />}
        {needsCountry && <SelectField label="Destination" value={value} onChange={(e) => setValue(e.target.value)} options={[{ value: '', label: 'Choose a country' }, ...countries]} />}
        {needsCode && <TextField label="Control code" value={value} onChange={(e) => setValue(e.target.value)} hint="e.g. 1A002" />}
        {op === 'set_chart_cell' && (
          <>
            <TextField label="Chart column" value={column} onChange={(e) => setColumn(e.target.value)} hint="e.g. NS1, RS2" />
            <SelectField label="Cell" value={cell} onChange={(e) => setCell(e.target.value)} options={[{ value: 'true', label: 'X (licence required)' }, { value: 'false', label: 'empty' }]} />
          </>
        )}
        <Button type="submit" variant="secondary">
          Add change
        </Button>
      </form>
      {(changes.length > 0 || draft) && (
        <section aria-labelledby="draft-changes">
          <h2 id="draft-changes">Draft changes</h2>
          <ol>
            {changes.map((c, i) => (
              <li key={i}>
                {OPS.find((o) => o.value === c.op)?.label}: {describe(c)}{' '}
                <Button
                  type="button"
                  variant="secondary"
                  onClick={() => {
                    setChanges(changes.filter((_, j) => j !== i));
                    setDraft(null);
                    replay.reset();
                  }}
                >
                  Remove
                </Button>
              </li>
            ))}
          </ol>
          <TextField label="Note (why)" value={note} onChange={(e) => setNote(e.target.value)} />
          {Object.entries(errs).map(([k, v]) => (
            <p key={k} className="field-error" role="alert">
              {k}: {v}
            </p>
          ))}
          <FormError error={create.error} />
          <Button type="button" onClick={() => create.mutate()} disabled={create.isPending || !!draft}>
            {draft ? 'Draft saved' : 'Save draft'}
          </Button>
          {draft && (
            <Button type="button" onClick={() => replay.mutate(draft.id)} disabled={replay.isPending}>
              {replay.isPending ? 'Replaying…' : 'Replay against stored determinations'}
            </Button>
          )}
        </section>
      )}
      <FormError error={replay.error} />
      {(drafts.data?.drafts.length ?? 0) > 0 && (
        <section aria-labelledby="earlier-drafts">
          <h2 id="earlier-drafts">Drafts</h2>
          <DataTable
            rows={drafts.data!.drafts}
            rowKey={(d) => d.id}
            pageSize={10}
            columns={[
              { key: 'createdAt', header: 'Created', render: (d) => d.createdAt.slice(0, 16).replace('T', ' ') },
              { key: 'versionLabel', header: 'Based on' },
              { key: 'changes', header: 'Changes', sortable: false, render: (d) => (d.changes ?? []).map((c) => `${c.op}: ${describe(c)}`).join('; ') },
              { key: 'note', header: 'Note', render: (d) => d.note ?? '' },
              { key: 'status', header: 'Status', render: (d) => <StatusBadge status={d.status} label={d.status === 'adopted_draft' ? 'adopted' : d.status} /> },
              {
                key: 'open',
                header: 'Open',
                sortable: false,
                render: (d) => (
                  <Button type="button" variant="secondary" onClick={() => open(d)} aria-label={`Open draft of ${d.createdAt.slice(0, 16)}`}>
                    Open
                  </Button>
                ),
              },
            ]}
          />
        </section>
      )}
      {report && (
        <section aria-labelledby="replay-report">
          <h2 id="replay-report">Replay report (baseline {report.baseline})</h2>
          <div className="stats">
            <Stat label="determinations replayed" value={report.total} />
            <Stat label="outcomes that change" value={report.changed} />
            <Stat label="applications affected" value={`${report.applicationsChanged} of ${report.applicationsTotal}`} />
            <Stat label="trade value affected" value={report.tradeValueAffected.toLocaleString()} />
            <Stat label="humanitarian shipments affected" value={report.humanitarianAffected} />
            <Stat label="research shipments affected" value={report.researchAffected} />
            <Stat label="stricter / looser" value={`${report.stricter} / ${report.looser}`} />
          </div>
          {Object.keys(report.transitions).length > 0 && (
            <div style={{ width: '100%', height: 240 }} aria-label="Outcome transitions chart">
              <ResponsiveContainer>
                <BarChart data={Object.entries(report.transitions).map(([k, v]) => ({ transition: k.replace(/_/g, ' '), count: v }))}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="transition" />
                  <YAxis allowDecimals={false} />
                  <Tooltip />
                  <Bar dataKey="count" fill="#3b6ea5" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </div>
          )}
          <DataTable
            caption={`Determinations whose outcome changes${report.changesTruncated ? ' (first 1,000)' : ''}`}
            rows={report.changes}
            rowKey={(c) => c.determinationId}
            columns={[
              { key: 'determinationId', header: 'Determination', render: (c) => <a href={`/determinations/${c.determinationId}`}>{c.determinationId.slice(0, 8)}</a> },
              { key: 'applicationId', header: 'Application', render: (c) => c.applicationId ?? '' },
              { key: 'destination', header: 'Destination' },
              { key: 'endUse', header: 'End use' },
              { key: 'value', header: 'Value' },
              { key: 'before', header: 'Before', render: (c) => <StatusBadge status={c.before} /> },
              { key: 'after', header: 'After', render: (c) => <StatusBadge status={c.after} /> },
            ]}
          />
          {draft && canAdopt && draft.status === 'draft' && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                adopt.mutate(draft.id);
              }}
              aria-label="Adopt the draft"
            >
              <TextField label="Effective from" type="date" value={effectiveFrom} onChange={(e) => setEffectiveFrom(e.target.value)} error={fieldErrors(adopt.error).effectiveFrom} />
              <FormError error={adopt.error} />
              <Button type="submit" disabled={adopt.isPending || !!adopt.data}>
                Adopt as a new version
              </Button>
              {adopt.data && (
                <p role="status">
                  Adopted as {adopt.data.versionLabel}, in force from {adopt.data.effectiveFrom}.
                </p>
              )}
            </form>
          )}
        </section>
      )}
    </RequireRole>
  );
}
