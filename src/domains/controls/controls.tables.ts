/** Tables owned by the controls domain (row types for Kysely). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ControlsTables {}
