import { ApiError } from '../../api/client';

/** Hotline calls carry the passphrase in a header, which the shared client cannot add to GETs and uploads. */
export async function hotline<T>(method: 'GET' | 'POST', url: string, passphrase: string, body?: FormData | object): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'x-concern-passphrase': passphrase };
  const csrf = /(?:^|;\s*)cw_csrf=([^;]+)/.exec(document.cookie);
  if (method === 'POST' && csrf) headers['x-csrf-token'] = decodeURIComponent(csrf[1]!);
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  // No cookies: the hotline does not need to know who is signed in on this browser.
  const res = await fetch(url, { method, headers, body: payload, credentials: 'omit' });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, data?.error?.code ?? 'error', data?.error?.message ?? `Request failed (${res.status})`, data?.error?.fields ?? {});
  return data as T;
}

export const CATEGORIES = [
  { value: 'unlicensed_export', label: 'Export without a licence' },
  { value: 'diversion', label: 'Goods diverted to another destination or end user' },
  { value: 'false_declaration', label: 'False or misleading declaration' },
  { value: 'sanctions', label: 'Sanctions breach' },
  { value: 'brokering', label: 'Brokering or transit' },
  { value: 'technology_transfer', label: 'Technology or software transfer' },
  { value: 'other', label: 'Something else' },
];

export interface Thread {
  receipt?: string;
  status: string;
  category: string;
  createdAt: string;
  messages: { id: string; author: string; body: string; createdAt: string; authorUserId?: string | null }[];
  files: { id: string; addedBy: string; contentType: string; size: number; sha256: string; removed: string[]; createdAt: string }[];
}
