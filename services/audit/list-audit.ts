import { and, desc, eq, gte, like, lt, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { auditLog, users } from "../../db/schema";
import { addDays, isAskableDate, startOfBeijingDay } from "../shared/calendar";
import { DomainError } from "../shared/errors";

/** One page of the audit page: a phone screen of rows without endless scrolling. */
export const AUDIT_PAGE_SIZE = 50;
/** A CSV export stops here (the same bound as a statement export); a longer period is split by date. */
export const AUDIT_EXPORT_MAX_ROWS = 50_000;
/** Longest date range one query may span: a year keeps the scan on the (operator, created_at) index bounded. */
export const AUDIT_MAX_RANGE_DAYS = 366;

export interface AuditFilter {
  /** Digits of the acting person's phone (3–11, matched anywhere in the number). */
  phone?: string | null;
  /** One action code, e.g. `collections.contact_logged`. */
  action?: string | null;
  /** Beijing calendar dates, both inclusive. */
  from?: string | null;
  to?: string | null;
}

/** Where a page starts: the last row of the page before (newest first, ties by id). */
export interface AuditCursor {
  createdAt: Date;
  id: string;
}

export type AuditRow = Awaited<ReturnType<typeof queryAudit>>[number];

/** Checks a filter as typed on the page; a bad date or range is refused on its field. */
export function checkAuditFilter(filter: AuditFilter): AuditFilter {
  const phone = (filter.phone ?? "").replace(/\s+/g, "");
  const action = (filter.action ?? "").trim();
  const from = (filter.from ?? "").trim();
  const to = (filter.to ?? "").trim();
  if (from && !isAskableDate(from)) throw new DomainError("audit.filter_date_invalid", { field: "from" });
  if (to && !isAskableDate(to)) throw new DomainError("audit.filter_date_invalid", { field: "to" });
  if (from && to && (to < from || addDays(from, AUDIT_MAX_RANGE_DAYS) < to)) {
    throw new DomainError("audit.filter_range_invalid", { field: "to", details: { days: AUDIT_MAX_RANGE_DAYS } });
  }
  return { phone: /^\d{3,11}$/.test(phone) ? phone : null, action: /^[a-z0-9_.]{1,80}$/.test(action) ? action : null, from: from || null, to: to || null };
}

function whereOf(operatorId: string, filter: AuditFilter, cursor?: AuditCursor | null): SQL | undefined {
  return and(
    eq(auditLog.operatorId, operatorId),
    filter.phone ? like(users.phone, `%${filter.phone}%`) : undefined,
    filter.action ? eq(auditLog.action, filter.action) : undefined,
    filter.from ? gte(auditLog.createdAt, startOfBeijingDay(filter.from)) : undefined,
    filter.to ? lt(auditLog.createdAt, startOfBeijingDay(addDays(filter.to, 1))) : undefined,
    // Rows carry millisecond times (recordAudit writes a JS Date); the truncation keeps a page edge exact even for a row that does not.
    cursor
      ? or(lt(auditLog.createdAt, cursor.createdAt), and(sql`date_trunc('milliseconds', ${auditLog.createdAt}) = ${cursor.createdAt.toISOString()}::timestamptz`, lt(auditLog.id, cursor.id)))
      : undefined,
  );
}

function queryAudit(db: DbOrTx, input: { operatorId: string; filter: AuditFilter; cursor?: AuditCursor | null; limit: number }) {
  return db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      subject: auditLog.subject,
      details: auditLog.details,
      createdAt: auditLog.createdAt,
      actorName: users.name,
      actorPhone: users.phone,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(whereOf(input.operatorId, input.filter, input.cursor))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(input.limit);
}

/**
 * The operator's audit log, newest first, filtered by the acting person's phone, the action
 * and a Beijing date range; one page from `cursor`, and the cursor of the next (older) page.
 */
export async function listAudit(db: DbOrTx, input: { operatorId: string; filter?: AuditFilter; cursor?: AuditCursor | null; pageSize?: number }) {
  const filter = checkAuditFilter(input.filter ?? {});
  const pageSize = Math.min(Math.max(input.pageSize ?? AUDIT_PAGE_SIZE, 1), AUDIT_PAGE_SIZE);
  const rows = await queryAudit(db, { operatorId: input.operatorId, filter, cursor: input.cursor, limit: pageSize + 1 });
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  return { rows: page, next: rows.length > pageSize && last ? ({ createdAt: last.createdAt, id: last.id } satisfies AuditCursor) : null };
}

/** Every matching row for a CSV export, newest first, at most AUDIT_EXPORT_MAX_ROWS (`truncated` says when more matched). */
export async function exportAudit(db: DbOrTx, input: { operatorId: string; filter?: AuditFilter }) {
  const filter = checkAuditFilter(input.filter ?? {});
  const rows = await queryAudit(db, { operatorId: input.operatorId, filter, limit: AUDIT_EXPORT_MAX_ROWS + 1 });
  return { rows: rows.slice(0, AUDIT_EXPORT_MAX_ROWS), truncated: rows.length > AUDIT_EXPORT_MAX_ROWS, filter };
}

/** The actions this operator's log holds, for the filter's list. */
export async function listAuditActions(db: DbOrTx, operatorId: string): Promise<string[]> {
  const rows = await db.selectDistinct({ action: auditLog.action }).from(auditLog).where(eq(auditLog.operatorId, operatorId)).orderBy(sql`1`);
  return rows.map((r) => r.action);
}

/** A page cursor as it travels in a link: `<ISO time>_<id>`; anything else is no cursor. */
export function parseAuditCursor(raw: string | null | undefined): AuditCursor | null {
  const match = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)_([0-9a-f-]{36})$/i.exec(raw ?? "");
  if (!match || Number.isNaN(Date.parse(match[1]!))) return null;
  return { createdAt: new Date(match[1]!), id: match[2]! };
}

export const formatAuditCursor = (cursor: AuditCursor) => `${cursor.createdAt.toISOString()}_${cursor.id}`;
