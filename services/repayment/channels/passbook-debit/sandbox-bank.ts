import { and, eq, like } from "drizzle-orm";
import type { DbOrTx } from "../../../../db/client";
import { dueActions, passbookDebitBatches, sandboxBankPassbooks } from "../../../../db/schema";
import { inTransaction } from "../../../ledger/db-helpers";
import { Cny } from "../../../ledger/money";
import type { BankAdapter, DebitBatchFile, DebitBatchRef } from "./bank-adapter";
import type { DebitResultStatus } from "./debit-result-statement";
import { readDebitBatch, writeDebitResult } from "./passbook-files";

const ANSWER_KIND = "sandbox_bank:";

/**
 * SANDBOX: a pretend bank for demos and tests. It answers a debit batch when it is
 * submitted, line by line, from `sandbox_bank_passbooks`: SUCCESS when the balance covers
 * the amount (and deducts it), INSUFFICIENT_FUNDS otherwise, ACCOUNT_CLOSED for a closed
 * or unknown account. With `openUnknownAccountsWith` (the portal's demo setting) an account
 * seen for the first time is opened lazily with that balance instead. Its answers are
 * remembered as `due_actions` rows (kind `sandbox_bank:<STATUS>`, reference = the
 * instruction's), so a resubmitted file debits nothing twice; the result file is rebuilt
 * from them when asked for, settled on the batch date.
 */
export class SandboxBank implements BankAdapter {
  constructor(
    private readonly db: DbOrTx,
    private readonly options: { openUnknownAccountsWith?: string } = {},
  ) {}

  async submitDebitBatch(file: DebitBatchFile): Promise<void> {
    const lines = readDebitBatch(file.csv);
    await inTransaction(this.db, async (tx) => {
      for (const line of lines) {
        const answered = await tx
          .select({ id: dueActions.id })
          .from(dueActions)
          .where(and(eq(dueActions.operatorId, file.operatorId), like(dueActions.kind, `${ANSWER_KIND}%`), eq(dueActions.reference, line.reference)));
        if (answered.length > 0) continue;
        let [passbook] = await tx
          .select()
          .from(sandboxBankPassbooks)
          .where(and(eq(sandboxBankPassbooks.operatorId, file.operatorId), eq(sandboxBankPassbooks.accountNo, line.accountNo)))
          .for("update");
        if (!passbook && this.options.openUnknownAccountsWith) {
          [passbook] = await tx
            .insert(sandboxBankPassbooks)
            .values({ operatorId: file.operatorId, accountNo: line.accountNo, balance: new Cny(this.options.openUnknownAccountsWith).toFixed(2) })
            .returning();
        }
        let status: DebitResultStatus;
        if (!passbook || passbook.closed) status = "ACCOUNT_CLOSED";
        else if (new Cny(passbook.balance).gte(line.amount)) {
          status = "SUCCESS";
          await tx
            .update(sandboxBankPassbooks)
            .set({ balance: new Cny(passbook.balance).minus(line.amount).toFixed(2) })
            .where(and(eq(sandboxBankPassbooks.operatorId, file.operatorId), eq(sandboxBankPassbooks.accountNo, line.accountNo)));
        } else status = "INSUFFICIENT_FUNDS";
        await tx.insert(dueActions).values({ operatorId: file.operatorId, kind: `${ANSWER_KIND}${status}`, reference: line.reference, runDate: file.batchDate });
      }
    });
  }

  async fetchDebitResults(batch: DebitBatchRef & { csv?: string }): Promise<Uint8Array | null> {
    const csv = batch.csv ?? (await this.batchCsv(batch));
    if (!csv) return null;
    const lines = readDebitBatch(csv);
    const answers = [];
    for (const line of lines) {
      const [answer] = await this.db
        .select()
        .from(dueActions)
        .where(and(eq(dueActions.operatorId, batch.operatorId), like(dueActions.kind, `${ANSWER_KIND}%`), eq(dueActions.reference, line.reference)));
      if (!answer) return null;
      const status = answer.kind.slice(ANSWER_KIND.length) as DebitResultStatus;
      answers.push({
        reference: line.reference,
        status,
        debited: status === "SUCCESS" ? line.amount : "0.00",
        settledOn: answer.runDate,
        message: status === "SUCCESS" ? "扣款成功" : status === "INSUFFICIENT_FUNDS" ? "余额不足" : "账户已销户",
      });
    }
    return new TextEncoder().encode(writeDebitResult(answers));
  }

  private async batchCsv(batch: DebitBatchRef): Promise<string | null> {
    const [row] = await this.db
      .select({ csv: passbookDebitBatches.fileCsv })
      .from(passbookDebitBatches)
      .where(and(eq(passbookDebitBatches.operatorId, batch.operatorId), eq(passbookDebitBatches.batchDate, batch.batchDate), eq(passbookDebitBatches.batchNo, batch.batchNo)));
    return row?.csv ?? null;
  }
}

/** Opens (or resets) a sandbox passbook: for demos and tests. */
export async function openSandboxPassbook(db: DbOrTx, input: { operatorId: string; accountNo: string; balance: string; closed?: boolean }): Promise<void> {
  const values = { balance: new Cny(input.balance).toFixed(2), closed: input.closed ?? false };
  await db
    .insert(sandboxBankPassbooks)
    .values({ operatorId: input.operatorId, accountNo: input.accountNo, ...values })
    .onConflictDoUpdate({ target: [sandboxBankPassbooks.operatorId, sandboxBankPassbooks.accountNo], set: values });
}
