import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Deps } from '../../platform/context.js';
import { withTx } from '../../platform/db/index.js';
import { getState, setState } from '../../platform/data.js';
import { sha256 } from '../../platform/ids.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { SYSTEM_ACTOR } from '../../platform/auth/roles.js';

const PAGES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'pages');
/** The static public pages, seeded as version 1 of editable guidance pages (officer edits are never overwritten). */
export const STATIC_PAGES = [
  { slug: 'how-to-apply', title: 'How to apply for an export licence' },
  { slug: 'how-to-appeal', title: 'How to appeal a decision' },
  { slug: 'report-a-concern', title: 'Report a concern' },
] as const;

export async function seedTransparency(deps: Deps): Promise<void> {
  const pages = STATIC_PAGES.map((p) => ({ ...p, markdown: readFileSync(join(PAGES_DIR, `${p.slug}.md`), 'utf8') }));
  const checksum = sha256(JSON.stringify(pages));
  if ((await getState(deps.db, 'seed:transparency:pages')) === checksum) return;
  const now = deps.clock.now();
  const ctx = { actor: SYSTEM_ACTOR, requestId: 'seed', clock: deps.clock };
  let added = 0;
  await withTx(deps.db, async (tx) => {
    for (const p of pages) {
      if (await tx.selectFrom('guidance_pages').select('slug').where('slug', '=', p.slug).executeTakeFirst()) continue;
      const at = now.toISOString();
      await tx.insertInto('guidance_pages').values({ slug: p.slug, title: p.title, published_version: 1, latest_version: 1, kind: 'static', created_at: at, updated_at: at }).execute();
      await tx.insertInto('guidance_versions').values({ slug: p.slug, version: 1, title: p.title, markdown: p.markdown, change_note: 'Initial version', created_by: null, created_at: at }).execute();
      await recordAudit(tx, ctx, { action: 'guidance.created', subjectType: 'guidance_page', subjectId: p.slug, after: { version: 1, published: true, title: p.title } });
      added++;
    }
    await setState(tx, 'seed:transparency:pages', checksum, now);
  });
  deps.log.info({ added }, 'transparency: static guidance pages ready');
}
