import type { DbOrTx } from "../../db/client";
import { listOperators, type OperatorBrand } from "./get-operator";

/**
 * Operators change rarely and nearly every request needs one (brand, CSP frame-ancestors and
 * form-action origins): they are kept in this process, keyed by slug, all loaded in one query.
 * The services that change an operator call forgetOperators() after their commit, so this
 * process sees a change at once; other processes (another instance, `npm run operator:add`)
 * see it when the entry expires (docs/decisions/2026-12-04-operator-cache-and-sessions.md).
 */
export const OPERATOR_CACHE_TTL_MS = 60_000;

interface Loaded {
  loadedAtMs: number;
  bySlug: Map<string, OperatorBrand>;
}

let loaded: Loaded | null = null;
/** One load in flight at a time: a burst of requests after expiry shares it. */
let pending: Promise<Loaded> | null = null;
/** Bumped by forgetOperators(): a load that started before a change is not kept. */
let generation = 0;

async function load(db: DbOrTx, nowMs: number): Promise<Loaded> {
  if (loaded && nowMs - loaded.loadedAtMs < OPERATOR_CACHE_TTL_MS) return loaded;
  if (!pending) {
    const started = generation;
    const loading: Promise<Loaded> = listOperators(db)
      .then((list) => {
        const fresh = { loadedAtMs: Date.now(), bySlug: new Map(list.map((op) => [op.slug, op])) };
        if (started === generation) loaded = fresh;
        return fresh;
      })
      .finally(() => {
        if (pending === loading) pending = null;
      });
    pending = loading;
  }
  return pending;
}

/** The operator with this slug (a cache hit costs no query), or null: unknown slugs cost no query either. */
export async function cachedOperator(db: DbOrTx, slug: string, nowMs: number = Date.now()): Promise<OperatorBrand | null> {
  return (await load(db, nowMs)).bySlug.get(slug) ?? null;
}

/** Every operator, by slug order. */
export async function cachedOperators(db: DbOrTx, nowMs: number = Date.now()): Promise<OperatorBrand[]> {
  return [...(await load(db, nowMs)).bySlug.values()];
}

/** After an operator was added or changed (called by the services that do it, after commit). */
export function forgetOperators(): void {
  generation += 1;
  loaded = null;
  pending = null;
}
