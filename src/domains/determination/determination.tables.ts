/** Tables owned by the determination domain (row types for Kysely). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DeterminationTables {}
