import type { Application } from '../types';

/** The task list's sections, in order, as LITE shows them. */
export const SECTIONS = [
  { key: 'route', title: 'Route', hint: 'Destination, transit countries and export type' },
  { key: 'goods', title: 'Goods', hint: 'Each good, its control entry, quantity and value' },
  { key: 'parties', title: 'Parties', hint: 'Consignee, end user and any other parties' },
  { key: 'end-use', title: 'End use', hint: 'What the goods will be used for' },
  { key: 'documents', title: 'Documents', hint: 'End-user undertaking and other supporting documents' },
  { key: 'declarations', title: 'Declarations', hint: 'Confirm the application is true and complete' },
] as const;

export type SectionKey = (typeof SECTIONS)[number]['key'];
export type SectionState = 'Completed' | 'In progress' | 'Not started' | 'Optional';

/** A section's state from what the draft holds, judged by the same rules the server checks on submission. */
export function sectionState(a: Application, key: SectionKey, today = new Date().toISOString().slice(0, 10)): SectionState {
  switch (key) {
    case 'route': {
      const returnOk = a.exportType !== 'temporary' || (a.temporaryReturnDate !== null && a.temporaryReturnDate > today);
      if (a.destination && returnOk) return 'Completed';
      return a.destination || a.transit.length || a.exportType === 'temporary' ? 'In progress' : 'Not started';
    }
    case 'goods':
      return a.goods.length ? 'Completed' : 'Not started';
    case 'parties': {
      const has = (r: string) => a.parties.some((p) => p.role === r);
      if (has('consignee') && has('end_user')) return 'Completed';
      return a.parties.length ? 'In progress' : 'Not started';
    }
    case 'end-use':
      if ((a.endUse ?? '').trim().length >= 10) return 'Completed';
      return a.endUse || a.declarations.militaryEndUse || a.declarations.wmdInformed || a.declarations.wmdSuspected ? 'In progress' : 'Not started';
    case 'documents':
      return a.documents.length ? 'Completed' : 'Optional';
    case 'declarations':
      return a.declarations.accepted ? 'Completed' : 'Not started';
  }
}

/** The section an API field error belongs to (`parties.0.name` → parties). */
export function sectionOfField(field: string): SectionKey {
  const head = field.split('.')[0];
  if (['destination', 'transit', 'exportType', 'temporaryReturnDate', 'caseType'].includes(head)) return 'route';
  if (head === 'goods') return 'goods';
  if (head === 'parties') return 'parties';
  if (head === 'endUse') return 'end-use';
  if (head === 'declarations') return field === 'declarations.accepted' ? 'declarations' : 'end-use';
  return 'documents';
}

export const sectionTitle = (key: SectionKey) => SECTIONS.find((s) => s.key === key)!.title;
export const sectionPath = (id: string, key: SectionKey) => `/applications/${id}/apply/${key}`;

export const PARTY_ROLE_LABEL: Record<string, string> = { consignee: 'Consignee', end_user: 'End user', ultimate_end_user: 'Ultimate end user', third_party: 'Third party' };
export const THIRD_PARTY_ROLES = ['broker', 'agent', 'freight_forwarder', 'intermediate_consignee', 'consultant', 'other'];
export const human = (s: string) => s.replace(/_/g, ' ');
