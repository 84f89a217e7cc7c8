/** Shared UI components every feature uses. Field errors: see `../api/fieldErrors.ts` (FormError + fieldErrors). */
export { DataTable, EmptyState, type Column } from './DataTable';
export { PagedTable, usePagedList, limitOffset, PAGE_SIZES, type PageRequest, type PageResult, type PagedList } from './PagedTable';
export { TextField, TextArea, SelectField, FormError, fieldErrors, Button } from './Form';
export { errorText, humanFieldLabel, humanReason } from '../api/fieldErrors';
export { StatusBadge, Loading, ErrorState, PageHeader, Stat } from './Status';
export { RequireRole } from './RequireRole';
export { AuditChange } from './AuditChange';
export { CountrySelect, CountryMultiSelect } from './CountrySelect';
export { countries, countryName } from './countries';
