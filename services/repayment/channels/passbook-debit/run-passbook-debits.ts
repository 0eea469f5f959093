import { and, asc, eq, exists } from "drizzle-orm";
import type { DbOrTx } from "../../../../db/client";
import type { Notify } from "../../../notifications";
import type { ChannelDeps } from "../channel-adapters";
import { passbookDebitBatches, passbookDebitInstructions } from "../../../../db/schema";
import type { DueContext, DueStep } from "../../run-due-processing";
import { resultFileName, type BankAdapter } from "./bank-adapter";
import { importPassbookResults } from "./import-passbook-results";
import { raisePassbookDebits } from "./raise-passbook-debits";
import { SandboxBank } from "./sandbox-bank";

/** The adapter boundary: the configured bank (DueProcessingDeps.channels.bank), else the SandboxBank. No real bank can be reached from this deployment. */
export function bankFor(ctx: { db: DbOrTx; deps: { channels?: ChannelDeps } }): BankAdapter {
  const channels = ctx.deps.channels ?? {};
  if (channels.bank) return channels.bank;
  if (channels.sandboxesAllowed === false) throw new Error("no custody bank configured, and sandboxes are refused here");
  return new SandboxBank(ctx.db, channels.sandboxPassbookBalance ? { openUnknownAccountsWith: channels.sandboxPassbookBalance } : {});
}

/** Passbook auto-debit for the day: raise the day's batch (once per date), then the file exchange with the bank. */
export async function runPassbookDebits(ctx: DueContext): Promise<void> {
  const channels = ctx.deps.channels ?? {};
  if (channels.secretKey) await raisePassbookDebits(ctx.db, { operatorId: ctx.operatorId, date: ctx.date, secretKey: channels.secretKey, now: ctx.now });
  await exchangePassbookFiles(ctx.db, { operatorId: ctx.operatorId, bank: bankFor(ctx), now: ctx.now, notify: ctx.deps.smsSenderFor, progress: ctx.progress });
}

/**
 * The file exchange with the bank: submit every batch with instructions still waiting
 * (the day's due-date batch and the borrowers' own extra batches alike; the bank
 * deduplicates by file name, so a submission lost in a crash is made good), fetch the
 * results the bank has and import them (a result file imported again changes nothing).
 * Due processing runs it daily; finance runs it from the passbook page (与银行交换文件).
 */
export async function exchangePassbookFiles(
  db: DbOrTx,
  input: { operatorId: string; bank: BankAdapter; now?: Date; notify?: Notify; actorUserId?: string | null; progress?: (done: number, total: number) => Promise<void> },
): Promise<{ submitted: number; answered: number }> {
  const { operatorId, bank } = input;
  const waiting = await db
    .select()
    .from(passbookDebitBatches)
    .where(
      and(
        eq(passbookDebitBatches.operatorId, operatorId),
        exists(
          db
            .select({ one: passbookDebitInstructions.id })
            .from(passbookDebitInstructions)
            .where(and(eq(passbookDebitInstructions.batchId, passbookDebitBatches.id), eq(passbookDebitInstructions.status, "sent"))),
        ),
      ),
    )
    .orderBy(asc(passbookDebitBatches.batchDate), asc(passbookDebitBatches.batchNo));
  let done = 0;
  let answered = 0;
  for (const batch of waiting) {
    const ref = { operatorId, batchDate: batch.batchDate, batchNo: batch.batchNo, fileName: batch.fileName };
    await bank.submitDebitBatch({ ...ref, csv: batch.fileCsv });
    const result = await bank.fetchDebitResults(ref);
    if (result) {
      await importPassbookResults(db, { operatorId, fileBytes: result, fileName: resultFileName(batch), actorUserId: input.actorUserId ?? null, now: input.now, notify: input.notify });
      await bank.acknowledgeDebitResults?.(ref);
      answered++;
    }
    await input.progress?.(++done, waiting.length);
  }
  await input.progress?.(done, waiting.length);
  return { submitted: waiting.length, answered };
}

export const PASSBOOK_DEBITS_STEP: DueStep = { name: "passbook_debits", run: runPassbookDebits };
