import fc from "fast-check";
import type { APIResponse } from "@playwright/test";
import { formsIn } from "./html-forms";
import type { PortalClient } from "./portal-client";

/**
 * One place to fuzz: a route at a URL, by a person who may use it (so the request reaches the
 * code behind the guard), with the forms its page offers.
 */
export interface FuzzTarget {
  routeId: string;
  method: "get" | "post";
  url: string;
  client: PortalClient;
  /** The route's parameters other than the operator (a fuzzed path replaces one of them). */
  pathParams: string[];
  /** Query or form names the route's code reads, beyond what its page's forms show. */
  readNames: string[];
  /** Values never sent (e2e/authorization-table.ts `fuzzAvoids`). */
  avoids: readonly string[];
}

/** Strings that broke parsers elsewhere: empty, huge, control characters, RTL and emoji, numbers that are not, injections. */
const HOSTILE = [
  "",
  " ",
  "a".repeat(10 * 1024),
  "\u0000",
  "x\u0000y",
  "\u0007\u001b[31m",
  "\u202Egnp.exe",
  "مرحبا\u200F",
  "👩‍👩‍👧‍👦🏳️‍🌈",
  "1e309",
  "-1e309",
  "NaN",
  "Infinity",
  "-0",
  "0.001",
  "-1",
  "0",
  "99999999999999999999999999.99",
  "１２３",
  "' OR '1'='1",
  "1; DROP TABLE users; --",
  "\\",
  "%",
  "_",
  "\"><img src=x onerror=alert(1)>",
  "javascript:alert(1)",
  "../../../etc/passwd",
  "00000000-0000-0000-0000-000000000000",
  "not-a-uuid",
  "2026-02-30",
  "9999-12-31",
  "null",
  "[object Object]",
];

/** A marker whose unescaped appearance in a page means the input was echoed as markup. */
const MARKER = "<x-fuzz-";
let markerCount = 0;

const hostile = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...HOSTILE) },
    { weight: 2, arbitrary: fc.constant(null).map(() => `${MARKER}${++markerCount}>`) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
    { weight: 1, arbitrary: fc.double().map(String) },
    { weight: 1, arbitrary: fc.bigInt().map(String) },
  );

/** A value for a field: one the page offers (so the request gets past the first check), or a hostile one. */
const fieldValue = (offered: string[]): fc.Arbitrary<string> =>
  offered.length > 0 ? fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...offered) }, { weight: 3, arbitrary: hostile() }) : hostile();

/** Query names the loaders read, besides those of the page's own filter forms. */
const COMMON_QUERY = ["q", "cursor", "page", "from", "to", "month", "date", "status", "sort", "step", "returnTo", "id", "causeId", "account", "kind", "bucket", "phone"];

const LEAKS = [
  /\bat (async )?[\w$.<>]+ \(/,
  /node_modules/,
  /invalid input syntax/i,
  /PostgresError|PGlite|error: relation|relation "/,
  /duplicate key value/,
  /syntax error at or near/,
  /violates (check|foreign key|not-null|unique) constraint/,
  /\b(TypeError|ReferenceError|RangeError|SyntaxError): /,
  /DecimalError/,
];

export interface FuzzReport {
  requests: number;
  byStatus: Map<number, number>;
  failures: string[];
  targetsHit: Set<string>;
}

async function check(response: APIResponse, what: string, report: FuzzReport): Promise<void> {
  const status = response.status();
  report.requests += 1;
  report.byStatus.set(status, (report.byStatus.get(status) ?? 0) + 1);
  const body = await response.text();
  const problems: string[] = [];
  if (status >= 500) problems.push(`status ${status}`);
  const leak = LEAKS.find((pattern) => pattern.test(body));
  if (leak) problems.push(`leaks ${leak} near "${body.slice(Math.max(0, body.search(leak) - 60), body.search(leak) + 100)}"`);
  if ((response.headers()["content-type"] ?? "").includes("html") && body.includes(MARKER)) {
    const at = body.indexOf(MARKER);
    problems.push(`echoes markup unescaped: "${body.slice(Math.max(0, at - 80), at + 40)}"`);
  }
  if (problems.length > 0 && report.failures.length < 50) report.failures.push(`${what} → ${problems.join("; ")}`);
}

/** The forms a target's page offers (read once per target), as the property's input shape. */
async function formsOf(target: FuzzTarget): Promise<Shape> {
  const page = await target.client.get(target.url);
  const html = (page.headers()["content-type"] ?? "").includes("html") ? await page.text() : "";
  const path = target.url.split("?")[0]!;
  const forms = formsIn(html).filter((f) => f.method === target.method && (f.action === null || f.action.split("?")[0] === path));
  if (target.method === "get") {
    const names = new Map<string, string[]>([...COMMON_QUERY, ...target.readNames].map((n) => [n, []]));
    for (const form of forms) for (const [name, values] of form.fields) names.set(name, values);
    return [{ action: target.url, fields: names }];
  }
  const read = (fields: Map<string, string[]>) => {
    for (const name of target.readNames) if (!fields.has(name)) fields.set(name, []);
    for (const [name, values] of fields) fields.set(name, values.filter((v) => !target.avoids.includes(v)));
    return fields;
  };
  return forms.length > 0 ? forms.map((f) => ({ action: f.action ?? target.url, fields: read(f.fields) })) : [{ action: target.url, fields: read(new Map([["intent", []]])) }];
}

type Shape = Array<{ action: string; fields: Map<string, string[]> }>;

interface RequestInput {
  form: number;
  values: ReadonlyArray<readonly [string, string]>;
  keepOffered: boolean;
  duplicate: string | null;
  pathParam: [number, string] | null;
}

/** A request for one target: some of its fields (offered or hostile values), a name sometimes twice, a path id sometimes replaced. */
function requestFor(target: FuzzTarget, forms: Shape): fc.Arbitrary<RequestInput> {
  return fc.record({
    form: fc.nat({ max: forms.length - 1 }),
    values: fc.dictionary(fc.constantFrom(...new Set(["intent", ...forms.flatMap((f) => [...f.fields.keys()])])), fc.constant(null)).chain((picked) => {
      const names = Object.keys(picked);
      return fc.tuple(...names.map((name) => fieldValue(forms.flatMap((f) => f.fields.get(name) ?? [])).map((v) => [name, v] as const)));
    }),
    keepOffered: fc.boolean(),
    duplicate: fc.option(hostile(), { freq: 4 }),
    pathParam: target.pathParams.length > 0 ? fc.option(fc.tuple(fc.nat({ max: target.pathParams.length - 1 }), hostile()), { freq: 4 }) : fc.constant(null),
  });
}

async function sendOne(target: FuzzTarget, forms: Shape, input: RequestInput, report: FuzzReport) {
  const form = forms[input.form]!;
  const pairs: Array<readonly [string, string]> = [];
  if (input.keepOffered) for (const [name, values] of form.fields) if (values.length > 0 && !input.values.some(([n]) => n === name)) pairs.push([name, values[0]!]);
  pairs.push(...input.values);
  if (input.duplicate !== null && pairs.length > 0) pairs.push([pairs[0]![0], input.duplicate]);
  let url = target.method === "get" ? target.url.split("?")[0]! : form.action;
  if (input.pathParam) {
    const segments = url.split("/");
    const [index, value] = input.pathParam;
    // The route's parameters are the URL's trailing segments that are ids: replace one of them.
    const idSegments = segments.map((s, i) => ({ s, i })).filter(({ s }) => /^[0-9a-f-]{36}$|^[A-Z]\d{3}$|^\d{4}-\d{2}-\d{2}$/.test(s));
    const chosen = idSegments[index % Math.max(1, idSegments.length)];
    if (chosen) segments[chosen.i] = encodeURIComponent(value);
    url = segments.join("/");
  }
  const what = `${target.client.name} ${target.method.toUpperCase()} ${url} ${JSON.stringify(pairs.map(([k, v]) => [k, v.length > 60 ? `${v.slice(0, 20)}…(${v.length})` : v]))}`;
  const response =
    target.method === "get" ? await target.client.get(`${url}?${new URLSearchParams(pairs.map(([k, v]) => [k, v])).toString()}`) : await target.client.post(url, pairs);
  await check(response, what, report);
}

/**
 * Property: no request built from a route's own forms and hostile strings gets a 5xx, a stack
 * trace or SQL text, or its markup echoed unescaped. Round-robin over the targets until the
 * time or request budget is spent.
 */
export async function fuzzRoutes(targets: FuzzTarget[], budget: { seconds: number; maxRequests: number; seed?: number }): Promise<FuzzReport> {
  const report: FuzzReport = { requests: 0, byStatus: new Map(), failures: [], targetsHit: new Set() };
  const shapes: Array<{ target: FuzzTarget; forms: Shape }> = [];
  for (const target of targets) shapes.push({ target, forms: await formsOf(target) });
  const deadline = Date.now() + budget.seconds * 1000;
  let next = 0;
  await fc.assert(
    fc.asyncProperty(fc.nat(), async (pick) => {
      const { target, forms } = shapes[next++ % shapes.length]!;
      const [input] = fc.sample(requestFor(target, forms), { numRuns: 1, seed: pick }) as [RequestInput];
      report.targetsHit.add(`${target.method} ${target.routeId} ${target.client.name}`);
      await sendOne(target, forms, input, report);
      return true;
    }),
    { numRuns: budget.maxRequests, seed: budget.seed, interruptAfterTimeLimit: Math.max(0, deadline - Date.now()), markInterruptAsFailure: false },
  );
  return report;
}
