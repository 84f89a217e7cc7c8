/** Shared UI components every feature uses. */
export { DataTable, EmptyState, type Column } from './DataTable';
export { TextField, TextArea, SelectField, FormError, fieldErrors, Button } from './Form';
export { StatusBadge, Loading, ErrorState, PageHeader, Stat } from './Status';
export { RequireRole } from './RequireRole';
