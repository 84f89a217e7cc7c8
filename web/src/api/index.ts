/** The web client's API layer: `api` for requests, `ApiError` for failures, and the human field-error mapping. */
export { api, qs, ApiError } from './client';
export { fieldErrors, humanReason, humanFieldLabel, errorText, errorSummaryItems, type ErrorSummaryItem } from './fieldErrors';
