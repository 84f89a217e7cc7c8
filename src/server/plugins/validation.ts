import type { FastifySchemaCompiler } from 'fastify';
import type { ZodType } from 'zod';
import { validatorCompiler as zodValidatorCompiler } from 'fastify-type-provider-zod';

type Issue = { path: PropertyKey[] };

/** The value at `path` and its parent object (null when the parent is not a plain object). */
function locate(root: unknown, path: PropertyKey[]): { parent: Record<PropertyKey, unknown> | null; key: PropertyKey | undefined } {
  let cur: unknown = root;
  for (let i = 0; i < path.length - 1; i++) {
    if (cur === null || typeof cur !== 'object') return { parent: null, key: undefined };
    cur = (cur as Record<PropertyKey, unknown>)[path[i]];
  }
  if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return { parent: null, key: undefined };
  return { parent: cur as Record<PropertyKey, unknown>, key: path[path.length - 1] };
}

/** A copy of `data` without the object properties that are null where the schema refused them; null when there are none. */
function dropRefusedNulls(data: unknown, issues: Issue[]): unknown | null {
  const copy = structuredClone(data);
  let dropped = 0;
  for (const issue of issues) {
    if (!issue.path.length) continue;
    const { parent, key } = locate(copy, issue.path);
    if (parent && key !== undefined && Object.hasOwn(parent, key) && parent[key] === null) {
      delete parent[key];
      dropped++;
    }
  }
  return dropped ? copy : null;
}

/**
 * zod validation where JSON `null` means "not given" for optional fields, across the whole API: clients in most
 * languages send null for an absent value. A null the schema accepts (a nullable field) is kept; a null it refuses
 * is removed and the input checked again, so a required field given null still fails with its name.
 */
export const validatorCompiler: FastifySchemaCompiler<ZodType> = (route) => {
  const strict = zodValidatorCompiler(route);
  const schema = route.schema;
  return (data: unknown) => {
    const first = schema.safeParse(data);
    if (first.success) return { value: first.data };
    let candidate: unknown = data;
    let issues: Issue[] = first.error.issues as Issue[];
    for (let round = 0; round < 100; round++) {
      const next = dropRefusedNulls(candidate, issues);
      if (next === null) break;
      candidate = next;
      const r = schema.safeParse(candidate);
      if (r.success) return { value: r.data };
      issues = r.error.issues as Issue[];
    }
    return strict(candidate) as ReturnType<ReturnType<FastifySchemaCompiler<ZodType>>>;
  };
};
