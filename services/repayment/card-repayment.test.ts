import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { auditLog, cardTopUps, loanInstallments, repayments } from "../../db/schema";
import { describeEachDatabase } from "../../db/testing";
import { handleStripeWebhook } from "../investing/handle-stripe-webhook";
import { chart, checkLedger, getAccountByCode, getBalance } from "../ledger";
import { Cny } from "../ledger/money";
import { createStripeClient, stripeCardCheckout } from "../payments/stripe";
import { startFakeStripeApi, type FakeStripeApi } from "../payments/testing/fake-stripe-api";
import { addDays, beijingDate, startOfBeijingDay } from "../shared/calendar";
import { domainErrorCode as codeOf } from "../shared/testing/domain-error-code";
import { applyCardRepayment, cardRepaymentReference } from "./apply-card-repayment";
import { describeLoanRepayment } from "./describe-loan-repayment";
import { startCardRepayment } from "./start-card-repayment";
import { createDisbursedLoan, type DisbursedLoan } from "./testing/disbursed-loan";

const WEBHOOK_SECRET = "whsec_test_card_repayment";
let fake: FakeStripeApi;
beforeAll(async () => {
  fake = await startFakeStripeApi();
});
afterAll(async () => {
  await fake.close();
});

/** A signed `payment_intent.succeeded` for the card payment, as Stripe would send it. */
function paidEvent(topUp: { id: string; amount: string }) {
  const payload = JSON.stringify({
    id: `evt_${randomUUID().replace(/-/g, "")}`,
    object: "event",
    type: "payment_intent.succeeded",
    api_version: "2026-10-28.endive",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: { object: { id: `pi_${randomUUID().replace(/-/g, "")}`, object: "payment_intent", amount_received: Number(new Cny(topUp.amount).times(100).toFixed(0)), currency: "cny", status: "succeeded", metadata: { topUpId: topUp.id } } },
  });
  return { payload, signature: Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }) };
}

async function walletOf(db: Db, operatorId: string, userId: string): Promise<string> {
  const account = await getAccountByCode(db, { operatorId, code: chart.walletAvailable(userId).code });
  return account ? (await getBalance(db, { operatorId, accountId: account.id })).availableCny.toFixed(2) : "0.00";
}

describeEachDatabase("a borrower repays by card (Stripe)", (ctx) => {
  let loan: DisbursedLoan;
  const checkout = () => stripeCardCheckout(createStripeClient({ secretKey: "sk_test_portal", apiBase: fake.origin }));
  const start = (kind: "installment" | "payoff", idempotencyKey = randomUUID(), borrowerUserId = loan.market.borrowerId) =>
    startCardRepayment(ctx.db, checkout(), {
      operatorId: loan.market.operatorId,
      borrowerUserId,
      loanId: loan.loanId,
      kind,
      idempotencyKey,
      successUrl: (id) => `http://portal.test/borrow/loans/${loan.loanId}?card=${id}`,
      cancelUrl: (id) => `http://portal.test/borrow/loans/${loan.loanId}?card=${id}&cancelled=1`,
    });
  const deliver = (body: { payload: string; signature: string }) =>
    handleStripeWebhook(ctx.db, { ...body, webhookSecret: WEBHOOK_SECRET, applyCardRepayment: (tx, input) => applyCardRepayment(tx, input) });

  beforeAll(async () => {
    // Paid out a little under a month ago: installment 1 is the next one, not yet due.
    loan = await createDisbursedLoan(ctx.db, { investments: ["6000.00", "4000.00"], disbursedAt: startOfBeijingDay(addDays(beijingDate(), -20)) });
  });

  it("opens a checkout for the installment at the loan's own figure; a repeated submit is the same checkout; only the borrower's loan", async () => {
    const view = await describeLoanRepayment(ctx.db, { operatorId: loan.market.operatorId, loanId: loan.loanId });
    const key = randomUUID();
    const first = await start("installment", key);
    expect(first.topUp).toMatchObject({ amount: view.due.total, loanId: loan.loanId, repaymentKind: "installment", status: "open" });
    expect(first.topUp.checkoutUrl).toContain(fake.origin);
    const again = await start("installment", key);
    expect(again).toMatchObject({ replayed: true, topUp: { id: first.topUp.id, checkoutUrl: first.topUp.checkoutUrl } });
    expect(await codeOf(start("payoff", key))).toBe("idempotency.conflict");
    expect(await codeOf(start("installment", randomUUID(), loan.investorIds[0]!))).toBe("repayment.loan_not_found");
  });

  it("applies the payment only when the signed webhook says paid, through the wallet channel, once however often it comes", async () => {
    const { operatorId, borrowerId } = loan.market;
    const { topUp } = await start("installment");
    const before = await Promise.all(loan.investorIds.map((id) => walletOf(ctx.db, operatorId, id)));
    expect(await ctx.db.select().from(repayments).where(eq(repayments.loanId, loan.loanId))).toHaveLength(0);

    expect(await deliver(paidEvent(topUp))).toMatchObject({ status: 200, outcome: "repaid", duplicate: false });
    expect(await deliver(paidEvent(topUp))).toMatchObject({ status: 200, outcome: "already_credited" });
    const rows = await ctx.db.select().from(repayments).where(eq(repayments.loanId, loan.loanId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ source: "wallet", reference: cardRepaymentReference(topUp.id), amount: topUp.amount });
    const [stored] = await ctx.db.select().from(cardTopUps).where(eq(cardTopUps.id, topUp.id));
    expect(stored).toMatchObject({ status: "succeeded", repaymentId: rows[0]!.id });
    const [first] = await ctx.db.select().from(loanInstallments).where(and(eq(loanInstallments.loanId, loan.loanId), eq(loanInstallments.n, 1)));
    expect(first!.status).toBe("paid");
    expect(await walletOf(ctx.db, operatorId, borrowerId)).toBe("0.00");
    const after = await Promise.all(loan.investorIds.map((id) => walletOf(ctx.db, operatorId, id)));
    after.forEach((amount, i) => expect(new Cny(amount).gt(before[i]!)).toBe(true));
    expect((await checkLedger(ctx.db, { operatorId })).ok).toBe(true);
  });

  it("keeps money that arrives after the loan no longer takes it in the borrower's wallet, and says why", async () => {
    const { operatorId, borrowerId } = loan.market;
    const payoff = (await start("payoff")).topUp;
    const installment = (await start("installment")).topUp;
    expect(await deliver(paidEvent(installment))).toMatchObject({ outcome: "repaid" });
    // The payoff was quoted before installment 2 was paid: it is now more than the loan owes.
    expect(await deliver(paidEvent(payoff))).toMatchObject({ outcome: "credited_repayment_refused" });
    expect(await walletOf(ctx.db, operatorId, borrowerId)).toBe(payoff.amount);
    const refused = await ctx.db.select().from(auditLog).where(and(eq(auditLog.action, "card_repayment.refused"), eq(auditLog.subject, loan.loanId)));
    expect(refused).toHaveLength(1);
    expect((await checkLedger(ctx.db, { operatorId })).ok).toBe(true);
  });
});
