import Decimal from "decimal.js";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { ledgerAdjustments } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { getAccountByCode, validatePostings } from "../ledger";
import { debitTotal } from "../ledger/validate-entry";
import { formatCny, parseAmountCny } from "../ledger/money";
import { DomainError } from "../shared/errors";
import { runIdempotent } from "../shared/idempotency";

export interface AdjustmentLineInput {
  accountCode: string;
  /** Signed decimal string: debit positive, credit negative. */
  amountCny: string;
}

export interface StoredAdjustmentLine {
  accountId: string;
  accountCode: string;
  amount: string;
}

export const ADJUSTMENT_REASON_MIN_LENGTH = 4;
export const ADJUSTMENT_REASON_MAX_LENGTH = 500;

/**
 * The maker's half: records a proposed correction. Nothing is posted until another
 * finance user approves it; the lines are validated now (accounts exist, balanced, at
 * most two decimals) so the checker only decides, never repairs. With the form's key a repeated
 * submit is the first proposal (the same maker, reason and lines, amounts compared as decimals;
 * anything else is `idempotency.conflict` beside the reason): shared/idempotency.ts.
 */
export async function proposeAdjustment(
  db: Db,
  input: { operatorId: string; proposedByUserId: string; reason: string; lines: AdjustmentLineInput[]; idempotencyKey?: string; now?: Date },
): Promise<{ id: string; replayed: boolean }> {
  const reason = input.reason.trim();
  if (reason.length < ADJUSTMENT_REASON_MIN_LENGTH || reason.length > ADJUSTMENT_REASON_MAX_LENGTH) {
    throw new DomainError("adjustment.reason_required", {
      field: "reason",
      details: { min: ADJUSTMENT_REASON_MIN_LENGTH, max: ADJUSTMENT_REASON_MAX_LENGTH },
    });
  }
  const resolved: StoredAdjustmentLine[] = [];
  for (const [index, line] of input.lines.entries()) {
    const amount = parseAmountCny(line.amountCny, `lines.${index}.amount`);
    const account = await getAccountByCode(db, { operatorId: input.operatorId, code: line.accountCode.trim() });
    if (!account) {
      throw new DomainError("adjustment.account_not_found", { field: `lines.${index}.account`, details: { code: line.accountCode.slice(0, 80) } });
    }
    resolved.push({ accountId: account.id, accountCode: account.code, amount: formatCny(amount) });
  }
  const postings = validatePostings(resolved.map((l) => ({ accountId: l.accountId, amountCny: l.amount })));
  const now = input.now ?? new Date();
  const create = () => insertProposal(db, { operatorId: input.operatorId, proposedByUserId: input.proposedByUserId, reason, resolved, amount: formatCny(debitTotal(postings)), key: input.idempotencyKey ?? null, now });
  const key = input.idempotencyKey;
  if (key === undefined) return { ...(await create()), replayed: false };
  if (!/^[A-Za-z0-9_-]{8,100}$/.test(key)) throw new DomainError("adjustment.form_expired");
  const { result, replayed } = await runIdempotent({
    find: async () => (await db.select().from(ledgerAdjustments).where(and(eq(ledgerAdjustments.operatorId, input.operatorId), eq(ledgerAdjustments.idempotencyKey, key))))[0],
    contentOf: (stored: typeof ledgerAdjustments.$inferSelect) => proposalContent(stored.proposedByUserId, stored.reason, stored.lines as StoredAdjustmentLine[]),
    content: proposalContent(input.proposedByUserId, reason, resolved),
    resultOf: (stored) => ({ id: stored.id }),
    create: async () => ({ result: await create(), replayed: false }),
    keyConstraints: ["ledger_adjustments_operator_key_key"],
    conflict: { field: "reason" },
  });
  return { ...result, replayed };
}

/** What makes a proposal this proposal: who, why, and each line's account and signed amount, in order. */
function proposalContent(proposedByUserId: string, reason: string, lines: readonly StoredAdjustmentLine[]) {
  return { proposedByUserId, reason, lines: lines.map((line) => ({ accountCode: line.accountCode, amount: new Decimal(line.amount) })) };
}

async function insertProposal(
  db: Db,
  input: { operatorId: string; proposedByUserId: string; reason: string; resolved: StoredAdjustmentLine[]; amount: string; key: string | null; now: Date },
): Promise<{ id: string }> {
  const { reason, resolved, now } = input;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(ledgerAdjustments)
      .values({
        operatorId: input.operatorId,
        reason,
        lines: resolved,
        amount: input.amount,
        proposedByUserId: input.proposedByUserId,
        idempotencyKey: input.key,
        createdAt: now,
      })
      .returning({ id: ledgerAdjustments.id });
    if (!row) throw new Error("adjustment insert returned nothing");
    await recordAudit(
      tx,
      { operatorId: input.operatorId, actorUserId: input.proposedByUserId, action: "adjustment.proposed", subject: row.id, details: { reason, lines: resolved } },
      now,
    );
    return { id: row.id };
  });
}
