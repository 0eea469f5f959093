import { and, eq, like } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { dueActions, payouts } from "../../db/schema";
import type { PayoutBank, PayoutInstructionFile, PayoutResultRef } from "../bank-exchange/payout-bank";
import { inTransaction } from "../ledger/db-helpers";
import { beijingDate } from "../shared/calendar";
import { readPayoutInstruction, writePayoutResult, type PayoutInstructionLine, type PayoutResultStatus } from "./payout-files";

const ANSWER_KIND = "sandbox_payout:";

/**
 * The sandbox bank's documented failure patterns, by the payee's account (card) number, so
 * demos and tests can make a payout fail; every other payout succeeds in full.
 */
export const SANDBOX_PAYOUT_FAILURES: ReadonlyArray<{ endsWith: string; status: PayoutResultStatus; message: string }> = [
  { endsWith: "0000", status: "ACCOUNT_CLOSED", message: "账户已销户" },
  { endsWith: "1111", status: "NAME_MISMATCH", message: "户名与账号不符" },
];

export function sandboxPayoutAnswer(line: Pick<PayoutInstructionLine, "accountNo">): { status: PayoutResultStatus; message: string } {
  const failure = SANDBOX_PAYOUT_FAILURES.find((f) => line.accountNo.endsWith(f.endsWith));
  return failure ? { status: failure.status, message: failure.message } : { status: "SUCCESS", message: "付款成功" };
}

/**
 * SANDBOX: a pretend custody bank that answers payout instructions for demos, tests and the
 * simulator. It decides when an instruction is delivered (SANDBOX_PAYOUT_FAILURES, else
 * SUCCESS) and remembers the answer as a `due_actions` row (kind `sandbox_payout:<STATUS>`,
 * reference = the payout id, run_date = the settlement day from its clock), so a re-sent
 * instruction is answered once; the result file is written from the answer and the
 * instruction when asked for. Never used in production (payoutBankFor).
 */
export class SandboxPayoutBank implements PayoutBank {
  constructor(
    private readonly db: DbOrTx,
    private readonly options: { clock?: () => Date } = {},
  ) {}

  async submitPayoutInstruction(file: PayoutInstructionFile): Promise<void> {
    const lines = readPayoutInstruction(file.csv);
    const settledOn = beijingDate(this.options.clock?.() ?? new Date());
    await inTransaction(this.db, async (tx) => {
      for (const line of lines) {
        const { status } = sandboxPayoutAnswer(line);
        await tx
          .insert(dueActions)
          .values({ operatorId: file.operatorId, kind: `${ANSWER_KIND}${status}`, reference: line.reference, runDate: settledOn })
          .onConflictDoNothing();
      }
    });
  }

  async fetchPayoutResult(ref: PayoutResultRef & { csv?: string }): Promise<Uint8Array | null> {
    const csv = ref.csv ?? (await this.instructionCsv(ref));
    if (!csv) return null;
    const drafts = [];
    for (const line of readPayoutInstruction(csv)) {
      const [answer] = await this.db
        .select()
        .from(dueActions)
        .where(and(eq(dueActions.operatorId, ref.operatorId), like(dueActions.kind, `${ANSWER_KIND}%`), eq(dueActions.reference, line.reference)));
      if (!answer) return null;
      const status = answer.kind.slice(ANSWER_KIND.length) as PayoutResultStatus;
      const paid = status === "SUCCESS";
      drafts.push({
        reference: line.reference,
        status,
        paid: paid ? line.amount : "0.00",
        settledOn: answer.runDate,
        bankReference: `SBXP${line.reference.replace(/-/g, "").slice(0, 16).toUpperCase()}`,
        message: paid ? "付款成功" : sandboxPayoutAnswer(line).message,
      });
    }
    return new TextEncoder().encode(writePayoutResult(drafts));
  }

  /** The instruction as it was sent: the sandbox keeps no files of its own, it reads ours. */
  private async instructionCsv(ref: PayoutResultRef): Promise<string | null> {
    const [row] = await this.db
      .select({ csv: payouts.instructionCsv })
      .from(payouts)
      .where(and(eq(payouts.operatorId, ref.operatorId), eq(payouts.instructionFile, ref.fileName)));
    return row?.csv ?? null;
  }
}
