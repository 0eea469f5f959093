import type Decimal from "decimal.js";
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { DomainError } from "../shared/errors";
import { queryRows } from "./db-helpers";
import { loadEntries, publicEntry } from "./entry-rows";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./limits";
import { formatCny, parseAmountCny } from "./money";
import { CAUSE_TYPES, type CauseType, type JournalEntry } from "./types";
import { isUuid, normalizeOperatorId, validateDate, validateKind, validatePageSize } from "./validate";

export interface SearchJournalInput {
  operatorId: string;
  causeType?: CauseType;
  causeId?: string;
  kind?: string;
  /** Entries with a posting on this account. */
  accountId?: string;
  from?: Date | null;
  to?: Date | null;
  /** Bounds on the entry's amount (the sum of its debits), inclusive. */
  minAmountCny?: string | Decimal;
  maxAmountCny?: string | Decimal;
  cursor?: string | null;
  pageSize?: number;
}

/** Journal search for the finance console: newest first, with postings; paged by the last entry's id. */
export async function searchJournal(
  db: DbOrTx,
  input: SearchJournalInput,
): Promise<{ entries: JournalEntry[]; nextCursor: string | null }> {
  const operatorId = normalizeOperatorId(input.operatorId);
  const pageSize = validatePageSize(input.pageSize, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const conditions: SQL[] = [sql`e.operator_id = ${operatorId}::uuid`];
  if (input.causeType !== undefined) {
    if (!CAUSE_TYPES.includes(input.causeType)) throw new DomainError("ledger.invalid_kind", { field: "causeType" });
    conditions.push(sql`e.cause_type = ${input.causeType}::ledger_cause_type`);
  }
  if (input.causeId !== undefined) conditions.push(sql`e.cause_id = ${input.causeId}`);
  if (input.kind !== undefined) conditions.push(sql`e.kind = ${validateKind(input.kind)}`);
  if (input.accountId !== undefined) {
    if (!isUuid(input.accountId)) return { entries: [], nextCursor: null };
    conditions.push(
      sql`exists (select 1 from ledger_postings p where p.entry_id = e.id and p.account_id = ${input.accountId.toLowerCase()}::uuid)`,
    );
  }
  const from = validateDate(input.from, "from");
  const to = validateDate(input.to, "to");
  if (from) conditions.push(sql`e.created_at >= ${from.toISOString()}::timestamptz`);
  if (to) conditions.push(sql`e.created_at <= ${to.toISOString()}::timestamptz`);
  if (input.minAmountCny !== undefined) {
    conditions.push(sql`e.amount >= ${formatCny(parseAmountCny(input.minAmountCny, "minAmountCny"))}::numeric`);
  }
  if (input.maxAmountCny !== undefined) {
    conditions.push(sql`e.amount <= ${formatCny(parseAmountCny(input.maxAmountCny, "maxAmountCny"))}::numeric`);
  }
  if (input.cursor) {
    if (!isUuid(input.cursor)) throw new DomainError("ledger.invalid_cursor", { field: "cursor" });
    const [found] = await queryRows<{ found: number }>(
      db,
      sql`select 1 as found from ledger_entries where id = ${input.cursor.toLowerCase()}::uuid and operator_id = ${operatorId}::uuid`,
    );
    if (!found) throw new DomainError("ledger.invalid_cursor", { field: "cursor" });
    conditions.push(
      sql`(e.created_at, e.id) < (select c.created_at, c.id from ledger_entries c where c.id = ${input.cursor.toLowerCase()}::uuid)`,
    );
  }
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select e.id::text as id from ledger_entries e
         where ${sql.join(conditions, sql` and `)}
         order by e.created_at desc, e.id desc
         limit ${pageSize + 1}`,
  );
  const pageIds = rows.slice(0, pageSize).map((row) => row.id);
  const entries = (await loadEntries(db, operatorId, pageIds)).map(publicEntry);
  return { entries, nextCursor: rows.length > pageSize ? pageIds[pageIds.length - 1]! : null };
}
