/**
 * Publishing a ruling (issue 13): the public sees only what the authority chose to publish, reviewed by an officer
 * in a preview first: a public summary, the rating, the technical parameters that decided it and, with the
 * exporter's consent, the product description. Everything passes the same redaction, and the preview lists
 * what was removed so the officer can reword rather than publish a sentence full of gaps.
 */
import type { Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/context.js';
import { lockKey, withTx, type Executor } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import * as repo from './classification.repository.js';
import { assertCanRule } from './classification.policy.js';
import { redactionFor, redactWithReport } from './classification.redact.js';
import { parameterKey } from './classification.similarity.js';

export interface PublicationInput {
  /** The public summary the officer wrote for publication (not the internal rationale). */
  publicSummary: string;
  /** Names of the request's parameters that decided the rating; only these are published. */
  parameters: string[];
}

type Published = { name: string; value: string; unit: string | null };

/** A stored publication as the public sees it. */
export function presentPublication(p: Awaited<ReturnType<typeof repo.listPublications>>[number]) {
  return {
    reference: p.reference,
    publicSummary: p.public_summary,
    description: p.description,
    partNumber: p.part_number,
    parameters: JSON.parse(p.parameters) as Published[],
    rating: { list: p.list, code: p.code, title: p.title, notListed: Boolean(Number(p.not_listed)), ruledAt: p.ruled_at.slice(0, 10) },
    publishedAt: p.published_at.slice(0, 10),
  };
}

/** Builds the publication exactly as it would appear, with what redaction removed and why parts are left out. */
async function build(db: Executor, id: string, input: PublicationInput) {
  const [p] = await repo.loadPrecedents(db, { id });
  if (!p) {
    if (await repo.findRequest(db, id)) throw conflict('The request has not been ruled on yet; rule first, then publish');
    throw notFound('Classification request');
  }
  const fields: Record<string, string> = {};
  const summary = input.publicSummary.trim();
  if (summary.length < 20) fields.publicSummary = 'write a public summary of at least 20 characters';
  const chosen: Published[] = [];
  input.parameters.forEach((name, i) => {
    const found = p.parameters.find((x) => x.name_key === parameterKey(name) || x.name.toLowerCase() === name.trim().toLowerCase());
    if (!found) fields[`parameters.${i}`] = `"${name}" is not a parameter of this request (it has: ${p.parameters.map((x) => x.name).join(', ') || 'none'})`;
    else if (!chosen.some((c) => c.name === found.name)) chosen.push({ name: found.name, value: found.value, unit: found.unit });
  });
  if (Object.keys(fields).length) throw invalid(fields);
  // The manufacturer is not published and may identify the exporter (its own brand, a sole supplier): removed as a name too.
  const r = { ...redactionFor(p), otherNames: [p.manufacturer] };
  const removed = new Set<string>();
  const red = (text: string) => {
    const res = redactWithReport(text, r);
    for (const x of res.removed) removed.add(x);
    return res.text;
  };
  const consentDescription = Boolean(Number(p.publish_description));
  const consentPart = Boolean(Number(p.publish_part_number));
  const publication = {
    reference: p.reference,
    publicSummary: red(summary),
    description: consentDescription ? red(p.description) : null,
    partNumber: consentPart ? p.part_number : null,
    parameters: chosen.map((x) => ({ name: red(x.name), value: red(x.value), unit: x.unit === null ? null : red(x.unit) })),
    rating: { list: p.list, code: p.code, title: p.title, notListed: Boolean(Number(p.not_listed)), ruledAt: p.ruled_at.slice(0, 10) },
  };
  const notes: string[] = [];
  if (!consentDescription) notes.push('The exporter did not consent to publishing the product description; it is left out.');
  if (!consentPart) notes.push('The exporter did not consent to publishing the part number; it is left out and removed wherever it appears.');
  if (removed.size) notes.push(`Redaction removed ${removed.size} item(s) from the text; reword the summary if it no longer reads well.`);
  return { publication, removed: [...removed], notes };
}

/** What would be published (officers): the redacted record, what was removed, and what is left out for lack of consent. */
export async function previewPublication(ctx: Ctx, id: string, input: PublicationInput) {
  assertCanRule(ctx.actor);
  const res = await build(ctx.db, id, input);
  return { ...res, alreadyPublished: Boolean(await repo.findPublication(ctx.db, id)) };
}

/** Publishes the ruling exactly as the preview showed it. Once only: a second publication is 409. */
export async function publishRuling(ctx: Ctx, id: string, input: PublicationInput) {
  const a = assertCanRule(ctx.actor);
  return withTx(ctx.db, async (tx) => {
    await lockKey(tx, `classification.request:${id}`);
    const { publication, removed } = await build(tx, id, input);
    if (await repo.findPublication(tx, id)) throw conflict(`Ruling ${publication.reference} is already published`);
    const now = nowIso(ctx);
    await tx
      .insertInto('classification_publications')
      .values({
        request_id: id,
        public_summary: publication.publicSummary,
        description: publication.description,
        parameters: JSON.stringify(publication.parameters),
        part_number: publication.partNumber,
        published_by: a.userId,
        published_at: now,
      })
      .execute();
    await recordAudit(tx, ctx, {
      action: 'classification.ruling_published',
      subjectType: 'classification_request',
      subjectId: id,
      after: publication,
      details: { redactedItems: removed.length },
    });
    return { ...publication, publishedAt: now.slice(0, 10) };
  });
}
