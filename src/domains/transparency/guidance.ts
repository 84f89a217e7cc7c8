import { Marked, type Tokens } from 'marked';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const SITE = new URL('https://site.invalid/');

/**
 * Whether a link target is http(s), mailto, an #anchor or site-relative, decided by the URL parser as a browser
 * would read it: `/\\evil.example` and `//evil.example` leave the site and are refused.
 */
export function safeHref(href: string): boolean {
  const h = href.trim();
  if (/[\u0000-\u001f\\]/.test(h)) return false;
  if (h.startsWith('#')) return true;
  let u: URL;
  try {
    u = new URL(h, SITE);
  } catch {
    return false;
  }
  if (u.origin === SITE.origin) return h.startsWith('/');
  return /^(https?:|mailto:)/i.test(h) && ['http:', 'https:', 'mailto:'].includes(u.protocol);
}

/**
 * Markdown → HTML for guidance pages. Raw HTML in the source is shown as text (never passed through),
 * links keep only http(s), mailto, site-relative and #anchor targets, images become their alt text.
 */
const md = new Marked({
  gfm: true,
  renderer: {
    html(t: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(t.text);
    },
    link(this: any, t: Tokens.Link) {
      const text = this.parser.parseInline(t.tokens);
      if (!safeHref(t.href)) return text;
      const title = t.title ? ` title="${escapeHtml(t.title)}"` : '';
      const external = /^https?:/i.test(t.href) ? ' rel="noopener noreferrer"' : '';
      return `<a href="${escapeHtml(t.href.trim())}"${title}${external}>${text}</a>`;
    },
    image(t: Tokens.Image) {
      return escapeHtml(t.text);
    },
  },
});

export function renderMarkdown(markdown: string): string {
  return md.parse(markdown, { async: false }) as string;
}

export const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
