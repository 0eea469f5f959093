import type { SignedIn } from "./guard.server";
import { domainErrorToFieldErrors, type FieldErrors } from "./forms.server";
import { getLocale } from "./i18n/i18n.server";
import { catalogues, translator } from "./i18n/messages";
import { actionLabel } from "./components/audit-log";
import { formatDateTime } from "./i18n/format";
import { audit, identity, toCsv, type CsvCell } from "./services.server";

/** The audit page's filters as they travel in the URL (a GET form, so it works without JavaScript). */
function filterOf(url: URL): audit.AuditFilter {
  const get = (name: string) => url.searchParams.get(name) ?? "";
  return { phone: get("phone"), action: get("action"), from: get("from"), to: get("to") };
}

const person = (name: string | null, phone: string | null) => (phone ? `${name ?? ""} ${identity.maskPhone(phone)}`.trim() : null);
const reasonOf = (details: unknown) => (details && typeof details === "object" && typeof (details as { reason?: unknown }).reason === "string" ? (details as { reason: string }).reason : null);

/**
 * The audit page of finance and of admin (the same page under each console): one page of
 * the filtered log, the actions to filter by, the CSV link with the same filters.
 */
export async function auditPageData(request: Request, { operator, db }: SignedIn, base: string) {
  const url = new URL(request.url);
  const filter = filterOf(url);
  let errors: FieldErrors | null = null;
  let page: Awaited<ReturnType<typeof audit.listAudit>> = { rows: [], next: null };
  try {
    page = await audit.listAudit(db, { operatorId: operator.id, filter, cursor: audit.parseAuditCursor(url.searchParams.get("cursor")) });
  } catch (error) {
    errors = domainErrorToFieldErrors(error);
  }
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]);
  const withCursor = (cursor: string) => `?${new URLSearchParams([...query, ["cursor", cursor]])}`;
  return {
    filter,
    errors,
    actions: await audit.listAuditActions(db, operator.id),
    rows: page.rows.map((e) => ({ id: e.id, action: e.action, subject: e.subject, createdAt: e.createdAt.toISOString(), actor: person(e.actorName, e.actorPhone), reason: reasonOf(e.details) })),
    olderHref: page.next ? withCursor(audit.formatAuditCursor(page.next)) : null,
    firstHref: url.searchParams.get("cursor") ? `?${query}` : null,
    csvHref: `${base}/audit.csv${query.size ? `?${query}` : ""}`,
  };
}

/** The filtered log as CSV (UTF-8 with BOM, services/shared/csv.ts); the export itself is audited. */
export async function auditCsvResponse(request: Request, { operator, user, db }: SignedIn): Promise<Response> {
  const locale = await getLocale(request);
  const t = translator(catalogues[locale]);
  const url = new URL(request.url);
  let result: Awaited<ReturnType<typeof audit.exportAudit>>;
  try {
    result = await audit.exportAudit(db, { operatorId: operator.id, filter: filterOf(url) });
  } catch {
    throw new Response("Bad filter", { status: 400, statusText: "filter" });
  }
  const rows: CsvCell[][] = [[t("audit.time"), t("audit.actor"), t("audit.csv.actorPhone"), t("audit.filter.action"), t("audit.csv.actionCode"), t("audit.subject"), t("audit.details")]];
  for (const e of result.rows) {
    rows.push([formatDateTime(e.createdAt, locale), e.actorName ?? (e.actorPhone ? "" : t("audit.system")), e.actorPhone ? identity.maskPhone(e.actorPhone) : "", actionLabel(t, e.action), e.action, e.subject ?? "", JSON.stringify(e.details ?? {})]);
  }
  if (result.truncated) rows.push([t("audit.csv.truncated", { max: audit.AUDIT_EXPORT_MAX_ROWS }), "", "", "", "", "", ""]);
  await audit.recordAudit(db, { operatorId: operator.id, actorUserId: user.id, action: "audit.exported", details: { ...result.filter, rows: result.rows.length } });
  const name = `audit-${operator.slug}${result.filter.from ? `-${result.filter.from}` : ""}${result.filter.to ? `-${result.filter.to}` : ""}.csv`;
  return new Response(toCsv(rows), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "no-store" },
  });
}
