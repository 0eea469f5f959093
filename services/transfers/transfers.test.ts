import { and, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { debtTransfers, loanInstallments, notifications } from "../../db/schema";
import { describeEachDatabase } from "../../db/testing";
import { chart, checkLedger, getAccountByCode, getBalance } from "../ledger";
import { applyRepayments } from "../repayment/apply-repayments";
import { createDisbursedLoan, type DisbursedLoan } from "../repayment/testing/disbursed-loan";
import { createInvestor, CONSERVATIVE_ANSWERS } from "../investing/test-fixtures";
import { startOfBeijingDay } from "../shared/calendar";
import { Cny } from "../ledger/money";
import { computeDisclosureFigures } from "../disclosure/build-disclosure-report";
import { getPortfolio } from "../investing/get-portfolio";
import { domainErrorCode as codeOf } from "../shared/testing/domain-error-code";
import { withInbox } from "../notifications/with-inbox";
import { createSmsRecorder } from "../sms";
import { buyTransferListing, cancelTransferListing, listClaimForTransfer, listTransferMarket, previewListing, sweepTransferListings } from ".";

const at = (date: string, hour = 10) => new Date(startOfBeijingDay(date).getTime() + hour * 3_600_000);

async function balanceOf(db: Db, operatorId: string, code: string): Promise<string> {
  const account = await getAccountByCode(db, { operatorId, code });
  if (!account) return "0.00";
  return (await getBalance(db, { operatorId, accountId: account.id })).postedCny.toFixed(2);
}

describeEachDatabase("debt transfers", (ctx) => {
  let db: Db;
  let loan: DisbursedLoan;
  let buyer: string;
  let operatorId: string;
  const claimOf = (userId: string) => balanceOf(db, operatorId, chart.claim(userId, loan.loanId).code);
  const walletOf = (userId: string) => balanceOf(db, operatorId, chart.walletAvailable(userId).code);

  beforeAll(async () => {
    db = ctx.db;
    // ¥10,000 at 12 % over 6 months, equal principal, 10 % service fee; investors 5000 / 3000 / 2000.
    loan = await createDisbursedLoan(db, { investments: ["5000.00", "3000.00", "2000.00"], disbursedAt: at("2026-01-15") });
    operatorId = loan.market.operatorId;
    buyer = await createInvestor(db, loan.market, "10000.00");
  });

  it("refuses a listing inside the holding period, above the claim or outside the price bounds", async () => {
    const seller = loan.investorIds[0]!;
    const base = { operatorId, sellerUserId: seller, loanId: loan.loanId, principal: "2000", pricePercent: "98" };
    expect(await codeOf(listClaimForTransfer(db, { ...base, idempotencyKey: "list-early-1", now: at("2026-01-20") }))).toBe("transfer.holding_period");
    expect(await codeOf(listClaimForTransfer(db, { ...base, principal: "5000.01", idempotencyKey: "list-above-1", now: at("2026-02-05") }))).toBe("transfer.principal_above_claim");
    expect(await codeOf(listClaimForTransfer(db, { ...base, principal: "50", idempotencyKey: "list-small-1", now: at("2026-02-05") }))).toBe("transfer.principal_too_small");
    expect(await codeOf(listClaimForTransfer(db, { ...base, pricePercent: "89.99", idempotencyKey: "list-cheap-1", now: at("2026-02-05") }))).toBe("transfer.price_out_of_bounds");
    expect(await codeOf(listClaimForTransfer(db, { ...base, pricePercent: "100.01", idempotencyKey: "list-dear-1", now: at("2026-02-05") }))).toBe("transfer.price_out_of_bounds");
    expect(await codeOf(listClaimForTransfer(db, { ...base, sellerUserId: buyer, idempotencyKey: "list-none-1", now: at("2026-02-05") }))).toBe("transfer.no_claim");
  });

  it("lists part of a claim priced on principal plus the seller's accrued interest, and replays the same form", async () => {
    const seller = loan.investorIds[0]!;
    const input = { operatorId, sellerUserId: seller, loanId: loan.loanId, principal: "2000", pricePercent: "98", idempotencyKey: "list-seller0-1", now: at("2026-02-05") };
    // Installment 1: interest 100.00 over 31 days; 21 days elapsed → 67.74; net of the 10 % fee 60.97; 2000/10000 of it 12.19.
    const preview = await previewListing(db, { operatorId, userId: seller, loanId: loan.loanId, principal: "2000", pricePercent: "98", now: input.now });
    expect(preview).toMatchObject({ claim: "5000.00", blocked: null, accruedInterest: "12.19", value: "2012.19", minPrice: "1810.97", maxPrice: "2012.19", feePercent: "0.5" });
    const first = await listClaimForTransfer(db, input);
    expect(first).toMatchObject({ replayed: false, listing: { status: "listed", principal: "2000.00", priceRate: "0.980000", feeRate: "0.005000" } });
    const again = await listClaimForTransfer(db, input);
    expect(again).toMatchObject({ replayed: true, listing: { id: first.listing.id } });
    expect(await codeOf(listClaimForTransfer(db, { ...input, principal: "2500" }))).toBe("idempotency.conflict");
    expect(await codeOf(listClaimForTransfer(db, { ...input, idempotencyKey: "list-seller0-2" }))).toBe("transfer.already_listed");
    const market = await listTransferMarket(db, { operatorId, viewerUserId: buyer, now: input.now });
    expect(market.listings.map((l) => [l.id, l.price])).toEqual([[first.listing.id, "1971.95"]]);
  });

  it("sells under one balanced entry: the price from the buyer, the price less the fee to the seller, the claim to the buyer", async () => {
    const seller = loan.investorIds[0]!;
    const [listing] = await db.select().from(debtTransfers).where(and(eq(debtTransfers.sellerUserId, seller), eq(debtTransfers.status, "listed")));
    const buy = { operatorId, buyerUserId: buyer, listingId: listing!.id, shownPrice: "1971.95", idempotencyKey: "buy-buyer-1", now: at("2026-02-05", 11) };
    expect(await codeOf(buyTransferListing(db, { ...buy, shownPrice: "1900.00", idempotencyKey: "buy-stale-1" }))).toBe("transfer.price_changed");
    expect(await codeOf(buyTransferListing(db, { ...buy, buyerUserId: seller, idempotencyKey: "buy-own-1" }))).toBe("transfer.own_listing");
    const timid = await createInvestor(db, loan.market, "5000.00", CONSERVATIVE_ANSWERS);
    expect(await codeOf(buyTransferListing(db, { ...buy, buyerUserId: timid, idempotencyKey: "buy-timid-1" }))).toBe("risk.grade_too_low");
    const notify = withInbox(createSmsRecorder(new Uint8Array(32).fill(5)));
    const sold = await buyTransferListing(db, { ...buy, notify });
    expect(sold).toMatchObject({ replayed: false, transfer: { status: "sold", buyerUserId: buyer, price: "1971.95", fee: "9.86", accruedInterest: "12.19" } });
    expect(await buyTransferListing(db, { ...buy, notify })).toMatchObject({ replayed: true, transfer: { id: listing!.id } });
    // The seller is told once (a replay sends nothing), with the price less the fee: 1,971.95 − 9.86.
    const told = await db.select().from(notifications).where(eq(notifications.userId, seller));
    expect(told.filter((n) => n.kind === "claim_sold").map((n) => n.params)).toEqual([{ title: expect.any(String), principal: "¥2,000.00", proceeds: "¥1,962.09" }]);
    expect(await codeOf(buyTransferListing(db, { ...buy, shownPrice: "1971.96" }))).toBe("idempotency.conflict");
    expect(await codeOf(buyTransferListing(db, { ...buy, idempotencyKey: "buy-buyer-2" }))).toBe("transfer.not_available");
    expect([await claimOf(seller), await claimOf(buyer)]).toEqual(["3000.00", "2000.00"]);
    expect([await walletOf(buyer), await walletOf(seller)]).toEqual(["8028.05", "1962.09"]);
    expect(await balanceOf(db, operatorId, chart.revenueTransferFee().code)).toBe("9.86");
    expect(await balanceOf(db, operatorId, chart.loanPrincipal(loan.loanId).code)).toBe("10000.00");
  });

  it("pays the next installment by the new weights: the buyer gets the whole period's interest on their share", async () => {
    const [first] = await db.select().from(loanInstallments).where(and(eq(loanInstallments.loanId, loan.loanId), eq(loanInstallments.n, 1)));
    const before = await walletOf(buyer);
    await applyRepayments(db, { operatorId, postedBy: { system: "test" }, requests: [{ loanId: loan.loanId, source: "passbook_debit", reference: "PD-TRANSFER-1", amountCny: "1766.67", receivedAt: at(first!.dueDate) }] });
    const claims = await Promise.all([...loan.investorIds, buyer].map(claimOf));
    const sum = claims.reduce((t, c) => t + Math.round(Number(c) * 100), 0);
    expect(sum).toBe(Math.round(Number(await balanceOf(db, operatorId, chart.loanPrincipal(loan.loanId).code)) * 100));
    // 2000 of 10000: interest 90.00 × 0.2 = 18.00 and principal 1666.67 × 0.2 = 333.33 (a fen either way by the largest remainder).
    const gained = Math.round((Number(await walletOf(buyer)) - Number(before)) * 100);
    const principalBack = 200000 - Math.round(Number(claims[3]) * 100);
    expect(gained - principalBack).toBe(1800);
    expect(Math.abs(principalBack - 33333)).toBeLessThanOrEqual(1);
    expect((await checkLedger(db, { operatorId })).ok).toBe(true);
  });

  it("counts the sale in the month's disclosure and shows the bought claim on the buyer's portfolio", async () => {
    const figures = await computeDisclosureFigures(db, { operatorId, month: "2026-02" });
    expect(figures).toMatchObject({ cumulativeTransferCount: 1, monthTransferCount: 1 });
    expect([figures.monthTransferPrincipalCny.toFixed(2), figures.monthTransferPriceCny.toFixed(2)]).toEqual(["2000.00", "1971.95"]);
    expect((await computeDisclosureFigures(db, { operatorId, month: "2026-01" })).cumulativeTransferCount).toBe(0);
    const portfolio = await getPortfolio(db, { operatorId, userId: buyer, now: at("2026-02-16") });
    const holding = portfolio.holdings.find((h) => h.loanId === loan.loanId)!;
    expect(holding).toMatchObject({ principal: "2000.00", investmentCount: 0 });
    expect(holding.outstandingPrincipal).toBe(await claimOf(buyer));
    // 待收本金 of the holding adds up to the claim; its interest is the claim's share of what is still owed.
    expect(holding.expected.reduce((t, i) => t.plus(i.principal), new Cny(0)).toFixed(2)).toBe(holding.outstandingPrincipal);
  });

  it("cancels a listing once per key, and a cancelled listing cannot be bought", async () => {
    const seller = loan.investorIds[1]!;
    const listed = await listClaimForTransfer(db, { operatorId, sellerUserId: seller, loanId: loan.loanId, principal: "1000", pricePercent: "100", idempotencyKey: "list-seller1-1", now: at("2026-02-20") });
    const cancel = { operatorId, sellerUserId: seller, listingId: listed.listing.id, idempotencyKey: "cancel-seller1-1", now: at("2026-02-20", 11) };
    expect(await codeOf(cancelTransferListing(db, { ...cancel, sellerUserId: buyer }))).toBe("transfer.not_found");
    expect(await cancelTransferListing(db, cancel)).toMatchObject({ replayed: false, listing: { status: "cancelled" } });
    expect(await cancelTransferListing(db, cancel)).toMatchObject({ replayed: true });
    expect(await codeOf(buyTransferListing(db, { operatorId, buyerUserId: buyer, listingId: listed.listing.id, shownPrice: "1000.00", idempotencyKey: "buy-cancelled-1", now: at("2026-02-20", 12) }))).toBe("transfer.not_available");
  });

  it("withdraws listings of an overdue loan and refuses new ones; expires unsold listings", async () => {
    const seller = loan.investorIds[2]!;
    const listed = await listClaimForTransfer(db, { operatorId, sellerUserId: seller, loanId: loan.loanId, principal: "500", pricePercent: "95", idempotencyKey: "list-seller2-1", now: at("2026-03-10") });
    const other = await listClaimForTransfer(db, { operatorId, sellerUserId: loan.investorIds[1]!, loanId: loan.loanId, principal: "500", pricePercent: "95", idempotencyKey: "list-seller1-2", now: at("2026-03-10") });
    expect(await sweepTransferListings(db, { operatorId, now: at("2026-03-12") })).toEqual({ expired: 0, withdrawn: 0 });
    // Installment 2 falls due 2026-03-15 unpaid: overdue from the 16th.
    await db.update(debtTransfers).set({ expiresAt: at("2026-03-16", 9) }).where(eq(debtTransfers.id, other.listing.id));
    expect(await sweepTransferListings(db, { operatorId, now: at("2026-03-16", 12) })).toEqual({ expired: 1, withdrawn: 1 });
    const [row] = await db.select().from(debtTransfers).where(eq(debtTransfers.id, listed.listing.id));
    expect(row).toMatchObject({ status: "withdrawn", closeReason: "loan_overdue" });
    expect(await codeOf(listClaimForTransfer(db, { operatorId, sellerUserId: seller, loanId: loan.loanId, principal: "500", pricePercent: "95", idempotencyKey: "list-seller2-2", now: at("2026-03-16") }))).toBe("transfer.loan_overdue");
  });
});
