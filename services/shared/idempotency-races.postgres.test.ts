import { randomUUID } from "node:crypto";
import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { cardTopUps, investments, ledgerAdjustments, ledgerEntries, ledgerHolds, payouts, repayments, storeCashTopUps, users, withdrawals } from "../../db/schema";
import { approveAdjustment, proposeAdjustment } from "../finance";
import { getWallet } from "../investing/get-wallet";
import { invest } from "../investing/invest";
import { recordCashTopUp } from "../investing/record-cash-top-up";
import { requestWithdrawal } from "../investing/request-withdrawal";
import { startCardTopUp } from "../investing/start-card-top-up";
import { createInvestor, createMarket, listLoan, TEST_SECRET, type Market } from "../investing/test-fixtures";
import { checkLedger } from "../ledger";
import { createUser } from "../ledger/test-fixtures";
import type { CardCheckout } from "../payments/stripe";
import { approveDisbursement } from "../payouts/approve-disbursement";
import { approveWithdrawal } from "../payouts/approve-withdrawal";
import { encryptField } from "./crypto/field-encryption";
import { SandboxPayoutBank } from "../payouts/sandbox-payout-bank";
import { takeStoreRepayment } from "../repayment/take-store-repayment";
import { createDisbursedLoan } from "../repayment/testing/disbursed-loan";
import { assignClerk, ensureStore } from "../stores";
import { DomainError } from "./errors";
import { createTestOperator } from "../../db/testing";
import { agreementSignatures, loanApplications, loanDisbursements, loans, userRoles } from "../../db/schema";
import { DEMO_PRODUCTS } from "../demo";
import { createProductVersion, listActiveProducts } from "../lending";
import type { Actor } from "../borrowing/access";
import { approveApplication } from "../borrowing/approve-application";
import { chooseRepaymentChannel } from "../borrowing/choose-repayment-channel";
import { sendBorrowingCode } from "../borrowing/codes";
import { disburseLoan } from "../borrowing/disburse-loan";
import { createSandboxOperatorData } from "../borrowing/operator-data";
import { previewAgreements } from "../borrowing/preview-agreements";
import { recordCallback } from "../borrowing/record-callback";
import { saveApplicationStep } from "../borrowing/save-application-step";
import { signAgreements } from "../borrowing/signing";
import { startApplication } from "../borrowing/start-application";
import { submitApplication } from "../borrowing/submit-application";
import { residentId } from "../borrowing/testing/fixtures";
import { CapturingSms } from "../sms/testing/capturing-sms";

/** How many submits of one form race: more than the ways two can interleave, fewer than the pool. */
const TWINS = 8;
const DAY_MS = 86_400_000;

type Answer = { id: string; replayed: boolean };

/**
 * N calls on one key at once. Exactly one creates (replayed: false); every call with the
 * winner's content gets the winner's record (replayed: true); every call with other content
 * is refused as idempotency.conflict — never answered with the winner's record.
 */
async function raceOnOneKey<C>(contents: readonly C[], run: (content: C) => Promise<Answer>, same: (a: C, b: C) => boolean): Promise<{ id: string; winner: C }> {
  const outcomes = await Promise.allSettled(contents.map(run));
  const answered = outcomes.flatMap((o, i) => (o.status === "fulfilled" ? [{ i, answer: o.value }] : []));
  const created = answered.filter((a) => !a.answer.replayed);
  expect(created).toHaveLength(1);
  const { i: winnerIndex, answer: first } = created[0]!;
  const winner = contents[winnerIndex]!;
  outcomes.forEach((outcome, i) => {
    if (same(contents[i]!, winner)) {
      expect(outcome.status, `call ${i} has the winner's content`).toBe("fulfilled");
      expect((outcome as PromiseFulfilledResult<Answer>).value.id).toBe(first.id);
    } else {
      expect(outcome.status, `call ${i} has other content`).toBe("rejected");
      const reason = (outcome as PromiseRejectedResult).reason as DomainError;
      expect(reason).toBeInstanceOf(DomainError);
      expect(reason.code).toBe("idempotency.conflict");
      expect(reason.field).toBeTruthy();
    }
  });
  return { id: first.id, winner };
}

const sameContent = <C>(a: C, b: C) => JSON.stringify(a) === JSON.stringify(b);
/** TWINS calls with one content, or (mixed) all but one with it and one with another, the odd one in the middle. */
const twins = <C>(one: C, other?: C): C[] => Array.from({ length: TWINS }, (_, i) => (other !== undefined && i === TWINS / 2 ? other : one));

// Real races need real connections: this file runs only when DATABASE_URL is set (vitest.config.ts).
if (process.env.DATABASE_URL) {
  describe("one key, many submits at once: every money operation [postgres]", () => {
    let database: TestDatabase | undefined;
    beforeAll(async () => {
      database = await createTestDatabase("postgres", { maxConnections: 12 });
    }, 60_000);
    afterAll(async () => {
      await database?.destroy();
    });
    const db = () => {
      if (!database) throw new Error("database not open");
      return database.db;
    };
    const ledgerClean = async (market: Market) => {
      const report = await checkLedger(db(), { operatorId: market.operatorId });
      expect(report.violations).toEqual([]);
      expect(report.ok).toBe(true);
    };
    const entriesKeyed = async (market: Market, prefix: string) =>
      (await db().select({ id: ledgerEntries.id }).from(ledgerEntries).where(and(eq(ledgerEntries.operatorId, market.operatorId), like(ledgerEntries.idempotencyKey, `${prefix}%`)))).length;
    const holdsKeyed = async (market: Market, prefix: string) =>
      (await db().select({ id: ledgerHolds.id }).from(ledgerHolds).where(and(eq(ledgerHolds.operatorId, market.operatorId), like(ledgerHolds.idempotencyKey, `${prefix}%`)))).length;

    async function counter(market: Market) {
      const store = await ensureStore(db(), { operatorId: market.operatorId, code: `S-${randomUUID().slice(0, 6)}`, nameZh: "竞争营业厅", nameEn: "Race store", addressZh: "某路 2 号" });
      const clerk = await createUser(db(), market.operatorId);
      await assignClerk(db(), { userId: clerk, storeId: store.id });
      return { store, clerk };
    }

    for (const mixed of [false, true]) {
      const label = mixed ? "mixed content: one winner, the other content refused, its twins replay it" : "the same content: one record, every caller gets it";

      it(`store cash top-up (¥104.00 ×${TWINS}${mixed ? ", one ¥904.00" : ""}) — ${label}`, async () => {
        const market = await createMarket(db());
        const { clerk } = await counter(market);
        const investor = await createInvestor(db(), market);
        const [person] = await db().select({ phone: users.phone }).from(users).where(eq(users.id, investor));
        const key = randomUUID();
        const { id, winner } = await raceOnOneKey(
          twins("104.00", mixed ? "904.00" : undefined),
          async (amount) => {
            const { topUp, replayed } = await recordCashTopUp(db(), { operatorId: market.operatorId, clerkUserId: clerk, investorPhone: person!.phone, amount, receiptNo: "R-RACE-1", idempotencyKey: key });
            expect(topUp.amount).toBe(amount);
            return { id: topUp.id, replayed };
          },
          sameContent,
        );
        expect(await db().select().from(storeCashTopUps).where(eq(storeCashTopUps.investorUserId, investor))).toHaveLength(1);
        expect(await entriesKeyed(market, `cash-top-up:${id}`)).toBe(1);
        expect(await entriesKeyed(market, "cash-top-up:")).toBe(1);
        expect((await getWallet(db(), { operatorId: market.operatorId, userId: investor })).availableCny.toFixed(2)).toBe(winner);
        await ledgerClean(market);
      });

      it(`card top-up start (¥500 ×${TWINS}${mixed ? ", one ¥900" : ""}) — ${label}`, async () => {
        const market = await createMarket(db());
        const investor = await createInvestor(db(), market);
        const asked: string[] = [];
        const checkout: CardCheckout = {
          name: "race stand-in",
          async createCheckout(input) {
            asked.push(input.topUpId);
            return { sessionId: `cs_${input.topUpId}`, url: `https://checkout.test/${input.topUpId}` };
          },
        };
        const key = randomUUID();
        const { id } = await raceOnOneKey(
          twins("500", mixed ? "900" : undefined),
          async (amount) => {
            const { topUp, replayed } = await startCardTopUp(db(), checkout, { operatorId: market.operatorId, userId: investor, amount, idempotencyKey: key, successUrl: (i) => `http://portal.test/${i}`, cancelUrl: (i) => `http://portal.test/${i}?c=1` });
            expect(topUp.checkoutUrl).toBe(`https://checkout.test/${topUp.id}`);
            return { id: topUp.id, replayed };
          },
          sameContent,
        );
        const rows = await db().select().from(cardTopUps).where(eq(cardTopUps.userId, investor));
        expect(rows.map((r) => r.id)).toEqual([id]);
        // Every checkout asked for was for that one top-up (the processor's own key makes them one session).
        expect(new Set(asked)).toEqual(new Set([id]));
        await ledgerClean(market);
      });

      it(`invest (¥200 ×${TWINS}${mixed ? ", one ¥300" : ""}) — ${label}`, async () => {
        const market = await createMarket(db());
        const loan = await listLoan(db(), market, "10000.00");
        const investor = await createInvestor(db(), market, "1000.00");
        const key = randomUUID();
        const { id, winner } = await raceOnOneKey(
          twins("200", mixed ? "300" : undefined),
          async (amount) => {
            const { investment, loan: seen, replayed } = await invest(db(), { operatorId: market.operatorId, investorUserId: investor, loanId: loan.id, amount, idempotencyKey: key });
            expect(seen.id).toBe(loan.id);
            return { id: investment.id, replayed };
          },
          sameContent,
        );
        expect((await db().select().from(investments).where(eq(investments.investorUserId, investor))).map((r) => r.id)).toEqual([id]);
        expect(await holdsKeyed(market, "invest:")).toBe(1);
        const wallet = await getWallet(db(), { operatorId: market.operatorId, userId: investor });
        expect(wallet.reservedCny.toFixed(2)).toBe(`${winner}.00`);
        await ledgerClean(market);
      });

      it(`withdrawal request (¥300 ×${TWINS}${mixed ? ", one ¥400" : ""}) — ${label}`, async () => {
        const market = await createMarket(db());
        const investor = await createInvestor(db(), market, "1000.00");
        const key = randomUUID();
        const { id, winner } = await raceOnOneKey(
          twins("300", mixed ? "400" : undefined),
          async (amount) => {
            const { withdrawal, replayed } = await requestWithdrawal(db(), { operatorId: market.operatorId, userId: investor, amount, idempotencyKey: key, dailyLimitCny: "50000" });
            return { id: withdrawal.id, replayed };
          },
          sameContent,
        );
        expect((await db().select().from(withdrawals).where(eq(withdrawals.userId, investor))).map((r) => r.id)).toEqual([id]);
        expect(await holdsKeyed(market, "withdrawal:")).toBe(1);
        expect((await getWallet(db(), { operatorId: market.operatorId, userId: investor })).reservedCny.toFixed(2)).toBe(`${winner}.00`);
        await ledgerClean(market);
      });

      it(`store-counter repayment on one receipt (¥100.00 ×${TWINS}${mixed ? ", one ¥90.00" : ""}) — ${label}`, async () => {
        const loan = await createDisbursedLoan(db(), { investments: ["6000.00", "4000.00"], disbursedAt: new Date(Date.now() - 40 * DAY_MS) });
        const market = loan.market;
        const { clerk } = await counter(market);
        const entriesBefore = await entriesKeyed(market, "");
        const { id } = await raceOnOneKey(
          twins("100.00", mixed ? "90.00" : undefined),
          async (amount) => {
            const applied = await takeStoreRepayment(db(), { operatorId: market.operatorId, clerkUserId: clerk, loanId: loan.loanId, amount, receiptNo: "R-RACE-9", kind: "installment" });
            return { id: applied.repaymentId, replayed: applied.replayed };
          },
          sameContent,
        );
        const rows = await db().select().from(repayments).where(eq(repayments.loanId, loan.loanId));
        expect(rows.map((r) => r.id)).toEqual([id]);
        expect(await entriesKeyed(market, "")).toBe(entriesBefore + (rows[0]!.entryIds as string[]).length);
        await ledgerClean(market);
      });

      it(`adjustment proposal (${TWINS} submits of one form${mixed ? ", one with another amount" : ""}) — ${label}; then the checker's double click posts once`, async () => {
        const market = await createMarket(db());
        const investor = await createInvestor(db(), market, "100.00");
        const maker = await createUser(db(), market.operatorId);
        const [checker, checker2] = [await createUser(db(), market.operatorId), await createUser(db(), market.operatorId)];
        const key = randomUUID();
        const { id } = await raceOnOneKey(
          twins("12.30", mixed ? "12.40" : undefined),
          async (amount) => {
            const { id: proposalId, replayed } = await proposeAdjustment(db(), {
              operatorId: market.operatorId,
              proposedByUserId: maker,
              reason: "门店现金多收退回 race",
              lines: [
                { accountCode: "clearing:card", amountCny: amount },
                { accountCode: `wallet:available:${investor}`, amountCny: `-${amount}` },
              ],
              idempotencyKey: key,
            });
            return { id: proposalId, replayed };
          },
          sameContent,
        );
        expect((await db().select().from(ledgerAdjustments).where(eq(ledgerAdjustments.operatorId, market.operatorId))).map((r) => r.id)).toEqual([id]);

        const approvals = await Promise.allSettled([checker, checker, checker, checker2].map((userId) => approveAdjustment(db(), { operatorId: market.operatorId, adjustmentId: id, decidedByUserId: userId })));
        expect(approvals.filter((o) => o.status === "fulfilled")).toHaveLength(1);
        for (const o of approvals) if (o.status === "rejected") expect((o.reason as DomainError).code).toBe("adjustment.already_decided");
        expect(await entriesKeyed(market, `adjustment:${id}`)).toBe(1);
        await ledgerClean(market);
      });
    }

    it(`a withdrawal's approval clicked ${TWINS} times at once: one payout, one instruction, the other clicks refused`, async () => {
      const market = await createMarket(db());
      const investor = await createInvestor(db(), market, "1000.00");
      const finance = await createUser(db(), market.operatorId);
      const { withdrawal } = await requestWithdrawal(db(), { operatorId: market.operatorId, userId: investor, amount: "300", idempotencyKey: randomUUID(), dailyLimitCny: "50000" });
      const bank = new SandboxPayoutBank(db());
      const outcomes = await Promise.allSettled(
        Array.from({ length: TWINS }, () => approveWithdrawal(db(), bank, { operatorId: market.operatorId, withdrawalId: withdrawal.id, approverUserId: finance, secretKey: TEST_SECRET })),
      );
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
      for (const o of outcomes) if (o.status === "rejected") expect((o.reason as DomainError).code).toBe("withdrawal.already_decided");
      expect(await db().select().from(payouts).where(eq(payouts.withdrawalId, withdrawal.id))).toHaveLength(1);
      expect(await holdsKeyed(market, "withdrawal:")).toBe(1);
      await ledgerClean(market);
    });
    it(`a store-cash disbursement clicked ${TWINS} times at once: one disbursement entry, every click answers with it`, async () => {
      const market = await createMarket(db());
      const loan = await listLoan(db(), market, "1000.00");
      const investor = await createInvestor(db(), market, "1000.00");
      await invest(db(), { operatorId: market.operatorId, investorUserId: investor, loanId: loan.id, amount: "1000", idempotencyKey: randomUUID() });
      const { store, clerk } = await counter(market);
      await db().insert(userRoles).values({ userId: clerk, role: "store_clerk" });
      const [borrower] = await db().select({ phone: users.phone }).from(users).where(eq(users.id, market.borrowerId));
      await db().insert(loanApplications).values({ operatorId: market.operatorId, borrowerUserId: market.borrowerId, createdByUserId: market.borrowerId, channel: "self", status: "approved", phone: borrower!.phone, fullName: "测试借款人", disbursementChannel: "store_cash", cashStoreId: store.id, loanId: loan.id });
      const outcomes = await Promise.all(Array.from({ length: TWINS }, () => disburseLoan(db(), { operatorId: market.operatorId, loanId: loan.id, actor: { userId: clerk, roles: ["store_clerk"] } })));
      expect(outcomes.filter((o) => !o.replayed)).toHaveLength(1);
      expect(new Set(outcomes.map((o) => o.disbursementId)).size).toBe(1);
      expect(await db().select().from(loanDisbursements).where(eq(loanDisbursements.loanId, loan.id))).toHaveLength(1);
      expect(await entriesKeyed(market, `disbursement:${loan.id}`)).toBe(1);
      expect((await db().select().from(loans).where(eq(loans.id, loan.id)))[0]!.status).toBe("disbursed");
      await ledgerClean(market);
    });

    it(`a bank disbursement approved ${TWINS} times at once: one payout attempt, the other clicks refused`, async () => {
      const market = await createMarket(db());
      const loan = await listLoan(db(), market, "1000.00");
      const investor = await createInvestor(db(), market, "1000.00");
      await invest(db(), { operatorId: market.operatorId, investorUserId: investor, loanId: loan.id, amount: "1000", idempotencyKey: randomUUID() });
      const [borrower] = await db().select({ phone: users.phone }).from(users).where(eq(users.id, market.borrowerId));
      await db().insert(loanApplications).values({ operatorId: market.operatorId, borrowerUserId: market.borrowerId, createdByUserId: market.borrowerId, channel: "self", status: "approved", phone: borrower!.phone, fullName: "测试借款人", disbursementChannel: "passbook", passbookBank: "淮阳农商银行", passbookAccountEnc: encryptField(TEST_SECRET, "bank_account", "6230521234569012"), passbookAccountMasked: "6230 **** **** 9012", loanId: loan.id });
      const finance = await createUser(db(), market.operatorId);
      const bank = new SandboxPayoutBank(db());
      const outcomes = await Promise.allSettled(
        Array.from({ length: TWINS }, () => approveDisbursement(db(), bank, { operatorId: market.operatorId, loanId: loan.id, actor: { userId: finance, roles: ["finance"] }, secretKey: TEST_SECRET })),
      );
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
      for (const o of outcomes) if (o.status === "rejected") expect((o.reason as DomainError).code).toBe("payout.not_funded");
      expect(await db().select().from(payouts).where(eq(payouts.loanId, loan.id))).toHaveLength(1);
      expect((await db().select().from(loans).where(eq(loans.id, loan.id)))[0]!.status).toBe("disbursing");
      await ledgerClean(market);
    });

    it(`the agreements signed ${TWINS} times at once with one code: one signature set, one loan listed, every submit answers with it`, async () => {
      const operatorId = (await createTestOperator(db(), `race${randomUUID().slice(0, 6)}`)).id;
      for (const terms of DEMO_PRODUCTS) await createProductVersion(db(), { operatorId, terms });
      const product = (await listActiveProducts(db(), operatorId)).find((p) => p.code === "Y001")!;
      const person = async (phone: string, roles: Actor["roles"][number][]): Promise<Actor> => {
        const [row] = await db().insert(users).values({ operatorId, phone, name: "王小明" }).returning({ id: users.id });
        if (roles.length) await db().insert(userRoles).values(roles.map((role) => ({ userId: row!.id, role })));
        return { userId: row!.id, roles };
      };
      const borrower = await person("18600000071", ["borrower"]);
      const officer = await person("18600000074", ["risk_officer"]);
      const store = await ensureStore(db(), { operatorId, code: "S001", nameZh: "城关营业厅", nameEn: "Store", addressZh: "人民路 88 号" });
      const applicationId = (await startApplication(db(), { operatorId, actor: borrower, deviceId: "device-race" })).id;
      const save = (values: Parameters<typeof saveApplicationStep>[1]["values"]) => saveApplicationStep(db(), { operatorId, applicationId, actor: borrower, values, secretKey: TEST_SECRET });
      await save({ step: "need", amountCny: "20000", termMonths: 12, purpose: "livestock", purposeNote: "补栏 5 头肉牛" });
      await save({ step: "product", productId: product.id });
      await save({ step: "identity", fullName: "王小明", idNumber: residentId("19800101", "171") });
      await save({ step: "contact", region: "河南省周口市淮阳区", village: "城关镇王庄村", address: "三组 12 号" });
      await save({ step: "bank", passbookBank: "淮阳农商银行", passbookAccount: "6230 1234 5678 9012", disbursementChannel: "passbook", cashStoreId: store.id, supplierName: "", supplierAccount: "" });
      await save({ step: "household", householdSize: 4, annualIncomeCny: "200000", incomeSource: "养殖和务工" });
      await save({ step: "consent", consent: true });
      const submitted = await submitApplication(db(), { operatorId, operatorSlug: "race", applicationId, actor: borrower, secretKey: TEST_SECRET, operatorData: createSandboxOperatorData(), ip: "127.0.0.1" });
      if (submitted.application.status === "referred") await recordCallback(db(), { operatorId, applicationId, actor: officer, outcome: "confirmed", note: "本人接听" });
      const [now] = await db().select({ status: loanApplications.status }).from(loanApplications).where(eq(loanApplications.id, applicationId));
      if (now!.status !== "approved") await approveApplication(db(), { operatorId, applicationId, actor: officer, finalAmountCny: "20000", productId: product.id });
      await chooseRepaymentChannel(db(), { operatorId, applicationId, actor: borrower, channel: "passbook_debit" });
      const { agreements } = await previewAgreements(db(), { operatorId, applicationId, actor: borrower, operatorNameZh: "中国联通" });
      const sms = new CapturingSms();
      await sendBorrowingCode(db(), { operatorId, purpose: "sign", subject: applicationId, phone: "18600000071", requestIp: "127.0.0.1", secretKey: TEST_SECRET, sms });
      const code = sms.lastCode("18600000071");
      const signInput = { operatorId, operatorNameZh: "中国联通", applicationId, actor: borrower, code, seenHashes: agreements.map((a) => a.documentHash), ip: "10.0.0.8", userAgent: "vitest", secretKey: TEST_SECRET };

      const outcomes = await Promise.allSettled(Array.from({ length: TWINS }, () => signAgreements(db(), signInput)));
      const answered = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
      // A submit that read the code before the winner used it replays; one that reads it after finds it used — never a second signing.
      for (const o of outcomes) if (o.status === "rejected") expect((o.reason as DomainError).code).toMatch(/^sms\./);
      expect(answered.filter((a) => !a.replayed)).toHaveLength(1);
      expect(new Set(answered.map((a) => a.loanId)).size).toBe(1);
      expect(await db().select().from(loans).where(eq(loans.operatorId, operatorId))).toHaveLength(1);
      expect(await db().select().from(agreementSignatures).where(eq(agreementSignatures.applicationId, applicationId))).toHaveLength(agreements.length);
      // Once signed, the same submit again is a replay.
      expect((await signAgreements(db(), signInput)).replayed).toBe(true);
    });
  });
}
