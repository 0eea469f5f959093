import { aliasedTable, and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { ledgerAdjustments, users } from "../../db/schema";
import type { StoredAdjustmentLine } from "./propose-adjustment";

export const ADJUSTMENTS_PAGE_SIZE = 50;

export interface AdjustmentView {
  id: string;
  status: "proposed" | "approved" | "rejected";
  reason: string;
  lines: StoredAdjustmentLine[];
  amount: string;
  proposedBy: { id: string; name: string | null; phone: string };
  createdAt: Date;
  decidedBy: { id: string; name: string | null; phone: string } | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  entryId: string | null;
}

const proposer = aliasedTable(users, "proposer");
const decider = aliasedTable(users, "decider");

function query(db: DbOrTx) {
  return db
    .select({ adjustment: ledgerAdjustments, proposer, decider })
    .from(ledgerAdjustments)
    .innerJoin(proposer, eq(proposer.id, ledgerAdjustments.proposedByUserId))
    .leftJoin(decider, eq(decider.id, ledgerAdjustments.decidedByUserId));
}

interface Row {
  adjustment: typeof ledgerAdjustments.$inferSelect;
  proposer: typeof users.$inferSelect;
  decider: typeof users.$inferSelect | null;
}

function toView({ adjustment: a, proposer: p, decider: d }: Row): AdjustmentView {
  return {
    id: a.id,
    status: a.status,
    reason: a.reason,
    lines: a.lines as StoredAdjustmentLine[],
    amount: a.amount,
    proposedBy: { id: p.id, name: p.name, phone: p.phone },
    createdAt: a.createdAt,
    decidedBy: d ? { id: d.id, name: d.name, phone: d.phone } : null,
    decidedAt: a.decidedAt,
    decisionNote: a.decisionNote,
    entryId: a.entryId,
  };
}

/** Newest first; open proposals are what the checker works through. */
export async function listAdjustments(db: DbOrTx, input: { operatorId: string; status?: AdjustmentView["status"] }): Promise<AdjustmentView[]> {
  const rows = await query(db)
    .where(and(eq(ledgerAdjustments.operatorId, input.operatorId), input.status ? eq(ledgerAdjustments.status, input.status) : undefined))
    .orderBy(desc(ledgerAdjustments.createdAt))
    .limit(ADJUSTMENTS_PAGE_SIZE);
  return rows.map(toView);
}

export async function getAdjustment(db: DbOrTx, input: { operatorId: string; adjustmentId: string }): Promise<AdjustmentView | null> {
  const [row] = await query(db).where(and(eq(ledgerAdjustments.operatorId, input.operatorId), eq(ledgerAdjustments.id, input.adjustmentId)));
  return row ? toView(row) : null;
}
