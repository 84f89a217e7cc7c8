export interface TokenAlignment { query: string; matched: string | null; how: string; similarity: number; weight: number }
export interface FeatureEffect { feature: string; effect: number; detail: string }
export interface Explanation { tokens: TokenAlignment[]; features: FeatureEffect[]; summary: string }
export interface Match { entityId: string; source: string; list: string | null; schema: string; name: string; matchedName: string; score: number; explanation: Explanation; listVersion: string }
export interface Party { id: string; organisationId: string; name: string; type: string | null; country: string | null; dateOfBirth: string | null; subjectType: string; subjectId: string; status: string; lastScreenedAt: string | null; createdAt: string }
export interface Hit { id: string; partyId: string; partyName?: string; partySubjectType?: string; entityId: string; source: string; list: string | null; name: string; matchedName: string; score: number; explanation: Explanation; listVersion: string; status: string; reason: string | null; decidedAt: string | null; createdAt: string }
export interface Version { id: string; source: string; seq: number; fetchedAt: string; dataDate: string | null; origin: string; originDetail: string | null; counts: { entities: number; names: number; added: number; removed: number; changed: number }; previousVersionId: string | null; current: boolean }
export interface Source { name: string; title: string; files: Array<{ key: string; env: string; url: string | null; required: boolean }> }
export const REVIEWERS = ['licensing_officer', 'senior_officer', 'exporter_admin', 'exporter'] as const;
export const PARTY_READERS = ['admin', 'licensing_officer', 'senior_officer', 'oversight', 'exporter_admin', 'exporter'] as const;
