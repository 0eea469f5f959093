import { readBoundarySettings } from "./boundaries.server";
import { allOperators } from "./operator.server";
import { operatorApi } from "./services.server";

/** One API client per operator for the process's life: its circuit breaker must remember failures. */
const apiClients = new Map<string, ReturnType<typeof operatorApi.createOperatorApiClient>>();

/** The operator's API client (OPERATOR_API_<SLUG>_*), or undefined when it has none configured. */
export function operatorApiForSlug(slug: string) {
  const settings = readBoundarySettings(process.env, [slug]).operatorApis[slug];
  if (!settings) return undefined;
  let client = apiClients.get(slug);
  if (!client) {
    client = operatorApi.createOperatorApiClient({ ...settings, log: (e) => console[e.level](`[operator-api ${slug}] ${e.path} attempt ${e.attempt}: ${e.message}`) });
    apiClients.set(slug, client);
  }
  return client;
}

export async function operatorApiFor(operatorId: string) {
  const operator = (await allOperators()).find((o) => o.id === operatorId);
  return operator ? operatorApiForSlug(operator.slug) : undefined;
}
