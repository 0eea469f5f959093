import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { passbookDebitInstructions, repayments } from "../../../../db/schema";
import { describeEachDatabase } from "../../../../db/testing";
import { createDirectoryDrop, sha256Hex } from "../../../bank-exchange/directory-drop";
import { CHANNEL_AND_COLLECTION_STEPS } from "../../../jobs/default-due-steps";
import { checkLedger } from "../../../ledger";
import { createTestSms } from "../../../sms/testing/test-sms";
import { runDueProcessing, type DueProcessingDeps } from "../../run-due-processing";
import { at, loanOnChannel, TEST_SECRET } from "../testing";
import { createDropBank } from "./drop-bank";
import { readDebitBatch, writeDebitResult } from "./passbook-files";

/** The bank's side of the exchange: it reads our batch from outbound/ and answers into inbound/. */
function bankAnswers(root: string, batchName: string, status: "SUCCESS" | "INSUFFICIENT_FUNDS", settledOn: string) {
  const batch = readDebitBatch(readFileSync(path.join(root, "outbound", batchName), "utf8"));
  const csv = writeDebitResult(batch.map((l) => ({ reference: l.reference, status, debited: status === "SUCCESS" ? l.amount : "0.00", settledOn, message: "" })));
  const name = batchName.replace(/^passbook-debit-/, "passbook-result-");
  mkdirSync(path.join(root, "inbound"), { recursive: true });
  writeFileSync(path.join(root, "inbound", name), csv);
  writeFileSync(path.join(root, "inbound", `${name}.sha256`), `${sha256Hex(Buffer.from(csv))}\n`);
  return name;
}

/** Due processing as production wires it for this channel: the drop directory, no sandboxes. */
function dropDeps(root: string): DueProcessingDeps {
  return {
    smsSenderFor: createTestSms().senderFor,
    extraSteps: CHANNEL_AND_COLLECTION_STEPS.filter((s) => s.name === "passbook_debits"),
    channels: { secretKey: TEST_SECRET, sandboxesAllowed: false, bank: createDropBank({ drop: createDirectoryDrop(root) }) },
  };
}

describeEachDatabase("passbook debit through the custody bank's drop directory", (ctx) => {
  it("sends the batch file with its checksum, books the bank's result once, and acknowledges it", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "bank-drop-"));
    const loan = await loanOnChannel(ctx.db, "passbook_debit");
    const deps = dropDeps(root);
    await runDueProcessing(ctx.db, { operatorId: loan.operatorId, date: "2026-02-15", deps, now: at("2026-02-15", 6) });
    const sent = readdirSync(path.join(root, "outbound")).sort();
    expect(sent).toHaveLength(2);
    const batchName = sent.find((n) => !n.endsWith(".sha256"))!;
    expect(sent).toContain(`${batchName}.sha256`);
    const [instruction] = await ctx.db.select().from(passbookDebitInstructions).where(eq(passbookDebitInstructions.loanId, loan.loanId));
    expect(instruction).toMatchObject({ status: "sent", amount: "1766.67" });
    expect(await ctx.db.select().from(repayments).where(eq(repayments.loanId, loan.loanId))).toEqual([]);

    const resultName = bankAnswers(root, batchName, "SUCCESS", "2026-02-15");
    await runDueProcessing(ctx.db, { operatorId: loan.operatorId, date: "2026-02-16", deps, now: at("2026-02-16", 6) });
    const [done] = await ctx.db.select().from(passbookDebitInstructions).where(eq(passbookDebitInstructions.loanId, loan.loanId));
    expect(done!.status).toBe("succeeded");
    expect(await ctx.db.select().from(repayments).where(eq(repayments.loanId, loan.loanId))).toHaveLength(1);
    expect(readdirSync(path.join(root, "inbound", "processed")).sort()).toEqual([resultName, `${resultName}.sha256`]);
    // The batch file was not rewritten: the same name never carries other content.
    expect(readdirSync(path.join(root, "outbound")).sort()).toEqual(sent);
    expect((await checkLedger(ctx.db, { operatorId: loan.operatorId })).violations).toEqual([]);
  });

  it("a result file that does not match its checksum is not booked", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "bank-drop-"));
    const loan = await loanOnChannel(ctx.db, "passbook_debit");
    const deps = dropDeps(root);
    await runDueProcessing(ctx.db, { operatorId: loan.operatorId, date: "2026-02-15", deps, now: at("2026-02-15", 6) });
    const batchName = readdirSync(path.join(root, "outbound")).find((n) => !n.endsWith(".sha256"))!;
    const resultName = bankAnswers(root, batchName, "SUCCESS", "2026-02-15");
    writeFileSync(path.join(root, "inbound", resultName), "reference,status\r\nPD-TAMPERED,SUCCESS\r\n");
    await runDueProcessing(ctx.db, { operatorId: loan.operatorId, date: "2026-02-16", deps, now: at("2026-02-16", 6) });
    const [instruction] = await ctx.db.select().from(passbookDebitInstructions).where(eq(passbookDebitInstructions.loanId, loan.loanId));
    expect(instruction!.status).toBe("sent");
    expect(await ctx.db.select().from(repayments).where(eq(repayments.loanId, loan.loanId))).toEqual([]);
  });
});
