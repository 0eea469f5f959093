import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { dueActions, payouts, withdrawals } from "../../db/schema";
import { createDirectoryDrop, sha256Hex } from "../bank-exchange/directory-drop";
import { createPayoutDropBank, payoutResultFileName, type PayoutBank } from "../bank-exchange/payout-bank";
import { createUser } from "../ledger/test-fixtures";
import { getWallet } from "../investing/get-wallet";
import { requestWithdrawal } from "../investing/request-withdrawal";
import { createInvestor, createMarket, TEST_SECRET, type Market } from "../investing/test-fixtures";
import { approveWithdrawal } from "./approve-withdrawal";
import { fetchPayoutResults } from "./fetch-payout-results";
import { instructPayout } from "./instruct-payout";
import { payoutBankFor } from "./payout-bank-for";
import { writePayoutResult } from "./payout-files";
import { SandboxPayoutBank } from "./sandbox-payout-bank";
import { createTestSms, smsBodiesTo } from "../sms/testing/test-sms";

const smsFor = createTestSms().senderFor;

describeEachDatabase("payouts: instructing the bank", (ctx) => {
  async function approvedWith(market: Market, bank: PayoutBank, amount = "100") {
    const investor = await createInvestor(ctx.db, market, "5000.00");
    const finance = await createUser(ctx.db, market.operatorId);
    const { withdrawal } = await requestWithdrawal(ctx.db, { operatorId: market.operatorId, userId: investor, amount, idempotencyKey: randomUUID(), dailyLimitCny: "50000" });
    const approval = await approveWithdrawal(ctx.db, bank, { operatorId: market.operatorId, withdrawalId: withdrawal.id, approverUserId: finance, secretKey: TEST_SECRET });
    return { ...approval, withdrawal, investor };
  }
  const payoutRow = async (id: string) => (await ctx.db.select().from(payouts).where(eq(payouts.id, id)))[0]!;

  it("an instruction sent twice pays once: the same file name and bytes in the drop, one answer from the sandbox bank", async () => {
    const market = await createMarket(ctx.db);
    const root = mkdtempSync(path.join(tmpdir(), "payout-drop-"));
    const drop = createPayoutDropBank({ drop: createDirectoryDrop(root) });
    const { payout } = await approvedWith(market, drop);
    expect(payout.status).toBe("instructed");
    const again = await instructPayout(ctx.db, drop, { operatorId: market.operatorId, payoutId: payout.id });
    expect(again).toMatchObject({ delivered: true, payout: { status: "instructed" } });
    expect(readdirSync(path.join(root, "outbound")).sort()).toEqual([payout.instructionFile, `${payout.instructionFile}.sha256`]);

    const sandbox = new SandboxPayoutBank(ctx.db);
    const file = { operatorId: market.operatorId, fileName: payout.instructionFile!, csv: payout.instructionCsv! };
    await sandbox.submitPayoutInstruction(file);
    await sandbox.submitPayoutInstruction(file);
    expect(await ctx.db.select().from(dueActions).where(eq(dueActions.reference, payout.id))).toHaveLength(1);

    // The bank's answer arrives in the drop; picked up, booked once, acknowledged; a second pick-up finds nothing to do.
    const result = writePayoutResult([{ reference: payout.id, status: "SUCCESS", paid: "100.00", settledOn: "2026-12-03", bankReference: "CB0001", message: "付款成功" }]);
    const name = payoutResultFileName(payout.instructionFile!);
    mkdirSync(path.join(root, "inbound"), { recursive: true });
    writeFileSync(path.join(root, "inbound", name), result);
    writeFileSync(path.join(root, "inbound", `${name}.sha256`), `${sha256Hex(new TextEncoder().encode(result))}\n`);
    expect(await fetchPayoutResults(ctx.db, drop, { operatorId: market.operatorId, smsFor })).toMatchObject({ paid: 1, unreachable: 0 });
    expect(readdirSync(path.join(root, "inbound", "processed"))).toContain(name);
    expect(await fetchPayoutResults(ctx.db, drop, { operatorId: market.operatorId, smsFor })).toMatchObject({ waiting: 0, paid: 0 });
    expect(await payoutRow(payout.id)).toMatchObject({ status: "paid", bankReference: "CB0001", settledOn: "2026-12-03" });
  });

  it("a bank timeout or error while instructing leaves the payout approved, never paid or failed; the next pick-up sends it", async () => {
    const market = await createMarket(ctx.db);
    const hanging: PayoutBank = { submitPayoutInstruction: () => new Promise(() => {}), fetchPayoutResult: () => new Promise(() => {}) };
    const { payout, withdrawal, investor } = await approvedWith(market, { submitPayoutInstruction: async () => Promise.reject(new Error("bank offline")), fetchPayoutResult: async () => null });
    expect(await payoutRow(payout.id)).toMatchObject({ status: "approved", sendError: "bank offline", sendAttempts: 1 });
    const timedOut = await instructPayout(ctx.db, hanging, { operatorId: market.operatorId, payoutId: payout.id, timeoutMs: 50 });
    expect(timedOut.delivered).toBe(false);
    expect(await fetchPayoutResults(ctx.db, hanging, { operatorId: market.operatorId, timeoutMs: 50, smsFor })).toMatchObject({ waiting: 1, paid: 0, failed: 0, unreachable: 1 });
    expect(await payoutRow(payout.id)).toMatchObject({ status: "approved", sendAttempts: 3 });
    expect((await ctx.db.select().from(withdrawals).where(eq(withdrawals.id, withdrawal.id)))[0]!.status).toBe("processing");
    expect((await getWallet(ctx.db, { operatorId: market.operatorId, userId: investor })).reservedCny.toFixed(2)).toBe("100.00");

    // The bank is back: the same instruction goes out, the bank answers, it is paid.
    expect(await fetchPayoutResults(ctx.db, new SandboxPayoutBank(ctx.db), { operatorId: market.operatorId, smsFor })).toMatchObject({ paid: 1, unreachable: 0 });
    expect(await payoutRow(payout.id)).toMatchObject({ status: "paid", sendError: null });
  });

  it("a malformed result file in the drop is refused whole with its line, nothing booked, left for a person; the other payouts go on", async () => {
    const market = await createMarket(ctx.db);
    const root = mkdtempSync(path.join(tmpdir(), "payout-drop-"));
    const drop = createPayoutDropBank({ drop: createDirectoryDrop(root) });
    const bad = await approvedWith(market, drop);
    const good = await approvedWith(market, drop);
    mkdirSync(path.join(root, "inbound"), { recursive: true });
    const deliver = (instructionFile: string, text: string) => {
      const name = payoutResultFileName(instructionFile);
      writeFileSync(path.join(root, "inbound", name), text);
      writeFileSync(path.join(root, "inbound", `${name}.sha256`), `${sha256Hex(new TextEncoder().encode(text))}\n`);
      return name;
    };
    const badName = deliver(bad.payout.instructionFile!, writePayoutResult([{ reference: bad.payout.id, status: "SUCCESS", paid: "100.00", settledOn: "2026-12-03", bankReference: "", message: "" }]).replace("2026-12-03", "2026-13-45"));
    deliver(good.payout.instructionFile!, writePayoutResult([{ reference: good.payout.id, status: "SUCCESS", paid: "100.00", settledOn: "2026-12-03", bankReference: "", message: "" }]));
    const pickUp = await fetchPayoutResults(ctx.db, drop, { operatorId: market.operatorId, smsFor });
    expect(pickUp).toMatchObject({ paid: 1, refused: [{ file: badName, line: 2 }] });
    expect(pickUp.refused[0]!.message).toMatch(/^bad date/);
    expect((await payoutRow(bad.payout.id)).status).toBe("instructed");
    expect((await payoutRow(good.payout.id)).status).toBe("paid");
    expect(readdirSync(path.join(root, "inbound"))).toContain(badName);
  });

  it("a timeout fetching the result leaves it instructed; production refuses the sandbox", async () => {
    const market = await createMarket(ctx.db);
    const sandbox = new SandboxPayoutBank(ctx.db);
    const { payout } = await approvedWith(market, sandbox);
    const slow: PayoutBank = { submitPayoutInstruction: (f) => sandbox.submitPayoutInstruction(f), fetchPayoutResult: () => new Promise(() => {}) };
    expect(await fetchPayoutResults(ctx.db, slow, { operatorId: market.operatorId, timeoutMs: 50, smsFor })).toMatchObject({ unreachable: 1, paid: 0 });
    expect((await payoutRow(payout.id)).status).toBe("instructed");
    expect(() => payoutBankFor({ db: ctx.db, bank: null, sandboxesAllowed: false })).toThrow("payout.bank_not_configured");
    expect(payoutBankFor({ db: ctx.db, bank: slow, sandboxesAllowed: false })).toBe(slow);
  });
});
