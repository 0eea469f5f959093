import { createHash } from "node:crypto";
import { and, eq, gte, inArray, lte, ne } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { breakResolutions, reconciliationResults, reconciliationSignOffs, statementImports, statementLines } from "../../db/schema";
import { chart, openAccount, postEntry } from "../ledger";
import { inTransaction } from "../ledger/db-helpers";
import { formatCny, sumCny, ZERO_CNY } from "../ledger/money";
import { addDays, beijingDate, isAskableDate } from "../shared/calendar";
import { DomainError } from "../shared/errors";
import { DEFAULT_MATCH_CONFIG, isChannel, statementChannel, type Channel } from "./channels";
import { listOurItems, type OurItemView } from "./list-our-items";
import { matchLines, type MatchConfig, type MatchResult, type TheirLine } from "./match-lines";
import { parseStatement } from "./parse-statement";
import { theirLinesFromStatement } from "./to-their-lines";

export const RECONCILIATION_ACTOR = { system: "reconciliation" } as const;

export interface DayRun {
  channel: Channel;
  date: string;
  counts: Record<MatchResult["status"] | "manual", number>;
  feesPosted: number;
}

/** A line of theirs with where it came from, for reports. */
export type TheirLineView = TheirLine & { importId: string; lineNo: number };

/**
 * Matches one channel's day: their lines dated that day (every imported file of the
 * channel; a line sent again in a later file counts once) against our items dated within
 * the matching window and not matched on another day. Pairs finance linked by hand are
 * matched first (tier `manual`). The results replace the day's previous results (they are
 * derived); resolutions, kept apart, still apply through each result's stable break key.
 * A matched line with a fee or commission has it posted once
 * (Dr expense:channel-fee / Cr the channel's clearing account, key `recon-fee:<channel>:<ref>`).
 */
export async function reconcileDay(
  db: Db,
  input: { operatorId: string; channel: string; date: string; config?: MatchConfig; now?: Date },
): Promise<DayRun> {
  if (!isChannel(input.channel)) throw new DomainError("reconciliation.unknown_source", { field: "channel" });
  if (!isAskableDate(input.date)) throw new DomainError("reconciliation.invalid_date", { field: "date" });
  const channel = input.channel;
  const { operatorId, date } = input;
  const config = input.config ?? DEFAULT_MATCH_CONFIG;
  const now = input.now ?? new Date();

  return inTransaction(db, async (tx) => {
    const [signed] = await tx
      .select({ id: reconciliationSignOffs.id })
      .from(reconciliationSignOffs)
      .where(and(eq(reconciliationSignOffs.operatorId, operatorId), eq(reconciliationSignOffs.channel, channel), eq(reconciliationSignOffs.date, date)));
    if (signed) throw new DomainError("reconciliation.day_signed_off");

    const theirs = await loadTheirLines(tx, operatorId, channel, date);
    const candidates = await listOurItems(tx, { operatorId, channel, fromDate: addDays(date, -config.dateWindowDays), toDate: addDays(date, config.dateWindowDays) });
    const claimedElsewhere = await itemsMatchedOnOtherDays(tx, operatorId, channel, date);
    const ours = candidates.filter((item) => !claimedElsewhere.has(item.id));

    // Manual links first.
    const { manual, linkedTheirs, linkedOurs } = await manualLinks(tx, { operatorId, channel, date, theirs, ours });
    const results = matchLines(
      theirs.filter((l) => !linkedTheirs.has(l.id)),
      ours.filter((i) => !linkedOurs.has(i.id)),
      config,
      beijingDate(now),
    ).filter((r) => {
      // Our items of neighbouring days that found nothing here belong to their own day.
      if (r.status !== "missing_in_theirs") return true;
      return ours.find((i) => i.id === r.ourIds[0])!.date === date;
    });

    const lineById = new Map(theirs.map((l) => [l.id, l]));
    const itemById = new Map(ours.map((i) => [i.id, i]));
    await tx.delete(reconciliationResults).where(and(eq(reconciliationResults.operatorId, operatorId), eq(reconciliationResults.channel, channel), eq(reconciliationResults.date, date)));

    const counts: DayRun["counts"] = { matched: 0, missing_in_ours: 0, missing_in_theirs: 0, amount_differs: 0, duplicate: 0, ambiguous: 0, manual: 0 };
    let feesPosted = 0;
    const rows: (typeof reconciliationResults.$inferInsert)[] = [];
    for (const { line, item } of manual) {
      counts.manual++;
      rows.push(resultRow({ operatorId, channel, date, now }, { status: "matched", tier: "manual", theirIds: [line.id], ourIds: [item.id], differenceCny: line.amountCny.minus(item.amountCny), feeCny: ZERO_CNY, ageDays: 0 }, lineById, itemById, null));
    }
    for (const result of results) {
      counts[result.status]++;
      let feeEntryId: string | null = null;
      if (result.status === "matched" && result.feeCny.gt(0)) {
        const line = lineById.get(result.theirIds[0]!)!;
        feeEntryId = await postChannelFee(tx, { operatorId, channel, line, feeCny: result.feeCny.toFixed(2), now });
        feesPosted++;
      }
      rows.push(resultRow({ operatorId, channel, date, now }, result, lineById, itemById, feeEntryId));
    }
    if (rows.length > 0) await tx.insert(reconciliationResults).values(rows);
    return { channel, date, counts, feesPosted };
  });
}

/** The pairs finance linked by hand for the day (each line and item at most once). */
async function manualLinks(
  tx: DbOrTx,
  input: { operatorId: string; channel: Channel; date: string; theirs: readonly TheirLineView[]; ours: readonly OurItemView[] },
): Promise<{ manual: { line: TheirLineView; item: OurItemView }[]; linkedTheirs: Set<string>; linkedOurs: Set<string> }> {
  const { operatorId, channel, date } = input;
  const links = await tx
    .select()
    .from(breakResolutions)
    .where(and(eq(breakResolutions.operatorId, operatorId), eq(breakResolutions.channel, channel), eq(breakResolutions.date, date), eq(breakResolutions.kind, "link")));
  const linkedTheirs = new Set<string>();
  const linkedOurs = new Set<string>();
  const manual: { line: TheirLineView; item: OurItemView }[] = [];
  for (const link of links) {
    const line = input.theirs.find((l) => l.id === link.theirLineId);
    const item = input.ours.find((i) => i.id === link.ourItemId);
    if (!line || !item || linkedTheirs.has(line.id) || linkedOurs.has(item.id)) continue;
    linkedTheirs.add(line.id);
    linkedOurs.add(item.id);
    manual.push({ line, item });
  }
  return { manual, linkedTheirs, linkedOurs };
}

type ResultLike = { status: MatchResult["status"]; tier?: string; theirIds: readonly string[]; ourIds: readonly string[]; ageDays: number; differenceCny?: import("decimal.js").default; feeCny?: import("decimal.js").default; duplicateOf?: string; missingReferences?: readonly string[] };

function resultRow(
  day: { operatorId: string; channel: Channel; date: string; now: Date },
  result: ResultLike,
  lineById: Map<string, TheirLineView>,
  itemById: Map<string, OurItemView>,
  feeEntryId: string | null,
): typeof reconciliationResults.$inferInsert {
  const lines = result.theirIds.map((id) => lineById.get(id)!);
  const items = result.ourIds.map((id) => itemById.get(id)!);
  const theirAmount = sumCny(lines.map((l) => l.amountCny));
  const ourAmount = sumCny(items.map((i) => i.amountCny));
  const difference = result.differenceCny ?? (lines.length > 0 && items.length > 0 ? theirAmount.minus(ourAmount) : lines.length > 0 ? theirAmount : ourAmount.negated());
  const key = createHash("sha256")
    .update(`${result.status}|${[...result.theirIds].sort().join(",")}|${[...result.ourIds].sort().join(",")}`)
    .digest("hex")
    .slice(0, 24);
  return {
    operatorId: day.operatorId,
    channel: day.channel,
    date: day.date,
    breakKey: key,
    status: result.status,
    tier: result.tier ?? null,
    theirLineIds: result.theirIds,
    ourItemIds: result.ourIds,
    amount: formatCny(lines.length > 0 ? theirAmount : ourAmount),
    difference: formatCny(difference),
    fee: formatCny(result.feeCny ?? ZERO_CNY),
    feeEntryId,
    ageDays: result.ageDays,
    details: {
      their: lines.map((l) => ({ id: l.id, lineNo: l.lineNo, reference: l.reference ?? null, amount: formatCny(l.amountCny), date: l.date, kind: l.kind, raw: l.raw ?? null })),
      ours: items.map((i) => ({ id: i.id, reference: i.reference ?? null, amount: formatCny(i.amountCny), date: i.date, label: i.label, entryIds: i.entryIds })),
      ...(result.duplicateOf ? { duplicateOf: result.duplicateOf } : {}),
      ...(result.missingReferences && result.missingReferences.length > 0 ? { missingReferences: result.missingReferences } : {}),
    },
    computedAt: day.now,
  };
}

/** Their lines dated `date`, from every file of the channel; identical lines in two files count once (the earlier file's). */
async function loadTheirLines(db: DbOrTx, operatorId: string, channel: Channel, date: string): Promise<TheirLineView[]> {
  const importIds = await db
    .selectDistinct({ importId: statementLines.importId })
    .from(statementLines)
    .where(and(eq(statementLines.operatorId, operatorId), eq(statementLines.source, channel), gte(statementLines.date, addDays(date, -31)), lte(statementLines.date, date)));
  if (importIds.length === 0) return [];
  const imports = await db
    .select({ id: statementImports.id, bytes: statementImports.fileBytes, importedAt: statementImports.importedAt })
    .from(statementImports)
    .where(inArray(statementImports.id, importIds.map((r) => r.importId)))
    .orderBy(statementImports.importedAt, statementImports.id);
  const seenRaw = new Set<string>();
  const lines: TheirLineView[] = [];
  for (const file of imports) {
    const parsed = parseStatement(channel, file.bytes);
    const fileRaws = new Set<string>();
    for (const line of theirLinesFromStatement(parsed, file.id)) {
      if (line.date !== date) continue;
      if (line.raw !== undefined) {
        if (seenRaw.has(line.raw)) continue; // the same line in an earlier file
        fileRaws.add(line.raw);
      }
      const lineNo = Number(line.id.slice(line.id.lastIndexOf(":") + 1));
      // Some statements name their lines by ids we do not keep (Stripe's charge ids).
      const comparable = statementChannel(channel).comparableReference;
      const reference = comparable && line.reference && !comparable(line.reference) ? undefined : line.reference;
      const { reference: _dropped, ...rest } = line;
      lines.push({ ...rest, ...(reference !== undefined ? { reference } : {}), importId: file.id, lineNo });
    }
    for (const raw of fileRaws) seenRaw.add(raw);
  }
  return lines;
}

async function itemsMatchedOnOtherDays(db: DbOrTx, operatorId: string, channel: Channel, date: string): Promise<Set<string>> {
  const rows = await db
    .select({ ourItemIds: reconciliationResults.ourItemIds })
    .from(reconciliationResults)
    .where(and(eq(reconciliationResults.operatorId, operatorId), eq(reconciliationResults.channel, channel), ne(reconciliationResults.date, date), eq(reconciliationResults.status, "matched")));
  return new Set(rows.flatMap((r) => r.ourItemIds as string[]));
}

async function postChannelFee(
  tx: DbOrTx,
  input: { operatorId: string; channel: Channel; line: TheirLineView; feeCny: string; now: Date },
): Promise<string> {
  const statement = statementChannel(input.channel);
  if (!statement.feeAccount) throw new Error(`channel ${input.channel} has no single clearing account for fees`);
  // A channel that books its counterparty's settlement itself has the fee in the books already.
  const booked = statement.bookedFeeEntryId ? await statement.bookedFeeEntryId(tx, input.operatorId, input.line) : null;
  if (booked) return booked;
  const clearing = await openAccount(tx, { operatorId: input.operatorId, ...statement.feeAccount });
  const expense = await openAccount(tx, { operatorId: input.operatorId, ...chart.expenseChannelFee() });
  const ref = (input.line.group?.key ?? input.line.reference ?? `${input.line.importId}:${input.line.lineNo}`).slice(0, 120);
  const posted = await postEntry(tx, {
    operatorId: input.operatorId,
    idempotencyKey: `recon-fee:${input.channel}:${ref}`,
    kind: "channel_fee",
    memo: `通道费用 ${input.channel} ${ref}`,
    cause: { type: "statement_line", id: `${input.line.importId}:${input.line.lineNo}` },
    postedBy: RECONCILIATION_ACTOR,
    postings: [
      { accountId: expense.id, amountCny: input.feeCny },
      { accountId: clearing.id, amountCny: `-${input.feeCny}` },
    ],
    now: input.now,
  });
  return posted.entry.id;
}
