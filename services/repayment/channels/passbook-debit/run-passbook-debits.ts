import { and, asc, eq, exists } from "drizzle-orm";
import { passbookDebitBatches, passbookDebitInstructions } from "../../../../db/schema";
import type { DueContext, DueStep } from "../../run-due-processing";
import { resultFileName, type BankAdapter } from "./bank-adapter";
import { importPassbookResults } from "./import-passbook-results";
import { raisePassbookDebits } from "./raise-passbook-debits";
import { SandboxBank } from "./sandbox-bank";

/** The adapter boundary: the configured bank (DueProcessingDeps.channels.bank), else the SandboxBank. No real bank can be reached from this deployment. */
export function bankFor(ctx: Pick<DueContext, "db" | "deps">): BankAdapter {
  const channels = ctx.deps.channels ?? {};
  if (channels.bank) return channels.bank;
  if (channels.sandboxesAllowed === false) throw new Error("no custody bank configured, and sandboxes are refused here");
  return new SandboxBank(ctx.db, channels.sandboxPassbookBalance ? { openUnknownAccountsWith: channels.sandboxPassbookBalance } : {});
}

/**
 * Passbook auto-debit for the day: raise the day's batch (once per date), submit every
 * batch with instructions still waiting (the bank deduplicates by file name, so a
 * submission lost in a crash is made good), fetch the results the bank has and import them
 * (a result file imported again changes nothing).
 */
export async function runPassbookDebits(ctx: DueContext): Promise<void> {
  const channels = ctx.deps.channels ?? {};
  const bank = bankFor(ctx);
  if (channels.secretKey) await raisePassbookDebits(ctx.db, { operatorId: ctx.operatorId, date: ctx.date, secretKey: channels.secretKey, now: ctx.now });
  const waiting = await ctx.db
    .select()
    .from(passbookDebitBatches)
    .where(
      and(
        eq(passbookDebitBatches.operatorId, ctx.operatorId),
        exists(
          ctx.db
            .select({ one: passbookDebitInstructions.id })
            .from(passbookDebitInstructions)
            .where(and(eq(passbookDebitInstructions.batchId, passbookDebitBatches.id), eq(passbookDebitInstructions.status, "sent"))),
        ),
      ),
    )
    .orderBy(asc(passbookDebitBatches.batchDate), asc(passbookDebitBatches.batchNo));
  let done = 0;
  for (const batch of waiting) {
    const ref = { operatorId: ctx.operatorId, batchDate: batch.batchDate, batchNo: batch.batchNo, fileName: batch.fileName };
    await bank.submitDebitBatch({ ...ref, csv: batch.fileCsv });
    const result = await bank.fetchDebitResults(ref);
    if (result) {
      await importPassbookResults(ctx.db, { operatorId: ctx.operatorId, fileBytes: result, fileName: resultFileName(batch), now: ctx.now, notify: ctx.deps.smsSenderFor });
      await bank.acknowledgeDebitResults?.(ref);
    }
    await ctx.progress(++done, waiting.length);
  }
  await ctx.progress(done, waiting.length);
}

export const PASSBOOK_DEBITS_STEP: DueStep = { name: "passbook_debits", run: runPassbookDebits };
