/** Names of the browser session cookies and the CSRF header: used by the server's auth plugin and by identity's sign-in routes. */
export const SESSION_COOKIE = 'cw_session';
export const CSRF_COOKIE = 'cw_csrf';
export const CSRF_HEADER = 'x-csrf-token';
