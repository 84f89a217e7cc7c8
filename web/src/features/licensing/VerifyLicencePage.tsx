import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { ApiError, api } from '../../api/client';
import { Button, ErrorState, Loading, PageHeader, StatusBadge, TextField } from '../../components';

interface Verified { code: string; valid: boolean; status: string; reference: string; holder: string; destination: string | null; validFrom: string; validTo: string; issuedOn: string; checkedAt: string }

/** Public check of a licence by the verification code printed on it (customs, a bank): no sign-in; the code is in the URL. */
export function VerifyLicencePage() {
  const [search, setSearch] = useSearchParams();
  const code = search.get('code') ?? '';
  const [input, setInput] = useState(code);
  const q = useQuery({ queryKey: ['licence-verify', code], enabled: !!code, retry: false, queryFn: () => api.get<Verified>(`/api/licences/verify/${encodeURIComponent(code)}`) });
  const v = q.data;
  return (
    <>
      <PageHeader title="Check a licence" />
      <form onSubmit={(e) => { e.preventDefault(); setSearch(input.trim() ? { code: input.trim() } : {}); }}>
        <TextField label="Verification code" value={input} onChange={(e) => setInput(e.target.value)} hint="As printed on the licence, e.g. CW-ABCD-EFGH-JKLM" />
        <Button type="submit">Check</Button>
      </form>
      {q.isFetching && <Loading />}
      {q.error && (q.error instanceof ApiError && q.error.status === 404 ? <p className="alert alert-error" role="alert">No licence has the code {code}.</p> : <ErrorState error={q.error} />)}
      {v && (
        <section className="panel" aria-labelledby="verify-h">
          <h2 id="verify-h">{v.valid ? 'Valid licence' : `Not valid: ${v.status}`}</h2>
          <p><StatusBadge status={v.status} /> Licence <strong>{v.reference}</strong> held by {v.holder}{v.destination ? `, destination ${v.destination}` : ''}</p>
          <p>Valid {v.validFrom} to {v.validTo} · issued {v.issuedOn} · checked {v.checkedAt.slice(0, 16).replace('T', ' ')} UTC</p>
        </section>
      )}
    </>
  );
}
