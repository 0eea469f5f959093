import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { ledgerEntries, phonebillDeductions } from "../../db/schema";
import { chart, getAccountsByCodes, openAccount, postEntries } from "../ledger";
import type { PostEntryInput } from "../ledger";
import { anyOf } from "../ledger/db-helpers";
import { rejectFile } from "../statements/read-statement-file";
import { CUSTODY_SETTLEMENT_KIND, custodyLineKey, SETTLEMENT_CLEARING, settlementKindOf, type SettlementKind } from "./settlement-references";
import type Decimal from "decimal.js";

/** A custody statement line as booking needs it (the reader's line type has more). */
export interface CustodyLine {
  line: number;
  reference: string;
  direction: "CR" | "DR";
  amountCny: Decimal;
  valueDate: string;
}

export interface BookedSettlement {
  line: number;
  reference: string;
  kind: SettlementKind;
  entryId: string;
  replayed: boolean;
}

export const CUSTODY_STATEMENT_ACTOR = { system: "custody-statement" } as const;

/** A day's statement has a handful of settlement lines; one batch of entries always holds them. */
export const MAX_SETTLEMENT_LINES_PER_FILE = 500;

const LABEL: Record<SettlementKind, string> = { passbook_sweep: "存折代扣归集", card_payout: "银行卡充值结算", phonebill_settlement: "话费划扣结算" };

/**
 * Books what the custody bank says arrived: each incoming line whose reference names a
 * settlement (settlement-references.ts) becomes one entry `custody-line:<reference>`,
 * Dr custody:bank / Cr the clearing account it settles, for the amount the bank credited
 * — the bank's line is the evidence that the money is in custody. Runs in the statement
 * import's transaction; the same line again (in this file or a later one) is a replay,
 * the same reference with another amount refuses the whole file. Outgoing lines are
 * booked by the payouts they confirm, and other lines are left to reconciliation.
 */
export async function bookCustodySettlements(
  tx: DbOrTx,
  input: { operatorId: string; lines: readonly CustodyLine[]; postedBy: { userId: string } | { system: string }; now: Date },
): Promise<BookedSettlement[]> {
  const incoming = input.lines.filter((l) => l.direction === "CR");
  const phonebill = await recordedPhonebillSettlements(tx, input.operatorId, incoming.map((l) => l.reference));
  const targets = incoming.flatMap((l) => {
    const kind = settlementKindOf(l.reference, phonebill);
    return kind ? [{ ...l, kind }] : [];
  });
  if (targets.length === 0) return [];
  if (targets.length > MAX_SETTLEMENT_LINES_PER_FILE) rejectFile(targets[MAX_SETTLEMENT_LINES_PER_FILE]!.line, "mixed_file", `more than ${MAX_SETTLEMENT_LINES_PER_FILE} settlement lines`);
  await refuseChangedAmounts(tx, input.operatorId, targets);
  const accountIds = await settlementAccountIds(tx, input.operatorId);
  const entries: PostEntryInput[] = targets.map((t) => ({
    operatorId: input.operatorId,
    idempotencyKey: custodyLineKey(t.reference),
    kind: CUSTODY_SETTLEMENT_KIND,
    memo: `${LABEL[t.kind]} ${t.reference} 到账 ${t.valueDate}`,
    cause: { type: "statement_line", id: `custody:${t.reference}` },
    // The bank's line is the cause whoever imported the file (statement_imports records who did),
    // so the same line in a later file replays rather than conflicts.
    postedBy: CUSTODY_STATEMENT_ACTOR,
    postings: [
      { accountId: accountIds.custody, amountCny: t.amountCny.toFixed(2) },
      { accountId: accountIds[t.kind], amountCny: t.amountCny.negated().toFixed(2) },
    ],
    now: input.now,
  }));
  const posted = await postEntries(tx, entries);
  return posted.map((p, i) => ({ line: targets[i]!.line, reference: targets[i]!.reference, kind: targets[i]!.kind, entryId: p.entry.id, replayed: p.replayed }));
}

/** A bank reference names one transfer: booked before for another amount (or twice in this file for two), the whole file is refused at that line. */
async function refuseChangedAmounts(tx: DbOrTx, operatorId: string, targets: ReadonlyArray<CustodyLine>): Promise<void> {
  const keys = targets.map((t) => custodyLineKey(t.reference));
  const booked = await tx
    .select({ key: ledgerEntries.idempotencyKey, amount: ledgerEntries.amount })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.operatorId, operatorId), anyOf(ledgerEntries.idempotencyKey, keys)));
  const amountOf = new Map(booked.map((b) => [b.key, b.amount]));
  for (const t of targets) {
    const key = custodyLineKey(t.reference);
    const before = amountOf.get(key);
    if (before !== undefined && !t.amountCny.eq(before)) rejectFile(t.line, "bad_reference", `${t.reference} was booked before for ${before}`);
    amountOf.set(key, t.amountCny.toFixed(2));
  }
}

/** Which of these references are phone-bill settlements we recorded (the operator's file came first). */
async function recordedPhonebillSettlements(tx: DbOrTx, operatorId: string, references: readonly string[]): Promise<Set<string>> {
  if (references.length === 0) return new Set();
  const rows = await tx
    .selectDistinct({ id: phonebillDeductions.settlementId })
    .from(phonebillDeductions)
    .where(and(eq(phonebillDeductions.operatorId, operatorId), anyOf(phonebillDeductions.settlementId, new Set(references))));
  return new Set(rows.map((r) => r.id!));
}

async function settlementAccountIds(tx: DbOrTx, operatorId: string): Promise<Record<SettlementKind | "custody", string>> {
  const specs = { custody: chart.custodyBank(), ...SETTLEMENT_CLEARING };
  const found = await getAccountsByCodes(tx, { operatorId, codes: Object.values(specs).map((s) => s.code) });
  const ids = {} as Record<SettlementKind | "custody", string>;
  for (const [name, spec] of Object.entries(specs) as Array<[SettlementKind | "custody", (typeof specs)["custody"]]>) {
    ids[name] = found.get(spec.code)?.id ?? (await openAccount(tx, { operatorId, ...spec })).id;
  }
  return ids;
}
