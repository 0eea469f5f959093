import Decimal from "decimal.js";
import fc from "fast-check";
import { expect, it } from "vitest";
import { chart } from "../ledger/chart";
import { Cny, ZERO_CNY, fenFromCny } from "../ledger/money";
import { planRepayments, type InstallmentRow, type RepaymentBook } from "../repayment/plan-repayments";
import { DEFAULT_REPAYMENT_SETTINGS } from "../repayment/settings";
import { transferPostings } from "./transfer-postings";

/**
 * Random sequences of debt transfers and repayments of one loan, through the real pure pieces: the
 * sale's postings (transferPostings) and the repayment plan (planRepayments: allocation, the
 * largest-remainder distribution by claim balances, the ledger entries). At every step the claims sum
 * to the loan's principal account and to the schedule's unpaid principal, no claim is negative, every
 * entry balances to the fen, and each repayment's principal parts are the claim decreases exactly.
 */

const LOAN = "00000000-0000-4000-8000-000000000001";
const BORROWER = "00000000-0000-4000-8000-0000000000b0";
const investor = (i: number) => `00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`;
const fen = (n: number) => new Cny(n).div(100);
const HOLDERS = 6;

type Op = { kind: "transfer"; from: number; to: number; permille: number; pricePermille: number } | { kind: "repay"; fenAmount: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("transfer" as const), from: fc.nat(HOLDERS - 1), to: fc.nat(HOLDERS - 1), permille: fc.integer({ min: 1, max: 1000 }), pricePermille: fc.integer({ min: 900, max: 1000 }) }),
  fc.record({ kind: fc.constant("repay" as const), fenAmount: fc.integer({ min: 1, max: 400_000 }) }),
);

function schedule(principalFen: number, months: number): InstallmentRow[] {
  const each = Math.floor(principalFen / months);
  return Array.from({ length: months }, (_, k) => ({
    id: `i${k + 1}`,
    n: k + 1,
    dueDate: `2026-${String(k + 2).padStart(2, "0")}-15`,
    principal: fen(k === months - 1 ? principalFen - each * (months - 1) : each).toFixed(2),
    interest: fen(Math.round(principalFen * 0.01)).toFixed(2),
    principalPaid: "0.00",
    interestPaid: "0.00",
    interestWaived: "0.00",
    penaltyAccrued: "0.00",
    penaltyPaid: "0.00",
    status: "due",
    paidAt: null,
  }));
}

it("keeps claims summing to the loan's principal, none negative, every split exact, through any transfers and repayments", () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 100, max: 500_000 }), { minLength: 1, maxLength: 4 }),
      fc.integer({ min: 1, max: 6 }),
      fc.array(opArb, { maxLength: 25 }),
      (fundedFen, months, ops) => {
        const balances = new Map<string, Decimal>();
        const move = (code: string, amount: Decimal) => balances.set(code, (balances.get(code) ?? ZERO_CNY).plus(amount));
        const claimCode = (i: number) => chart.claim(investor(i), LOAN).code;
        const total = fundedFen.reduce((a, b) => a + b, 0);
        fundedFen.forEach((f, i) => move(claimCode(i), fen(f).negated()));
        move(chart.loanPrincipal(LOAN).code, fen(total));
        let installments = schedule(total, months);
        const holders = new Set(fundedFen.map((_, i) => investor(i)));
        let received = 0;
        const claimOf = (i: number) => (balances.get(claimCode(i)) ?? ZERO_CNY).negated();
        for (const op of ops) {
          if (op.kind === "transfer") {
            const claim = claimOf(op.from);
            if (op.from === op.to || claim.isZero()) continue;
            const principal = Decimal.max(fen(1), claim.times(op.permille).div(1000).toDecimalPlaces(2, Decimal.ROUND_DOWN));
            const price = principal.times(op.pricePermille).div(1000).toDecimalPlaces(2);
            const postings = transferPostings({ loanId: LOAN, sellerUserId: investor(op.from), buyerUserId: investor(op.to), principal, price, fee: price.times("0.005").toDecimalPlaces(2) });
            expect(postings.reduce((t, p) => t.plus(p.amountCny), ZERO_CNY).isZero()).toBe(true);
            for (const p of postings) move(p.account.code, p.amountCny);
            holders.add(investor(op.to));
          } else {
            const book: RepaymentBook = {
              loans: new Map([[LOAN, { id: LOAN, borrowerUserId: BORROWER, status: "disbursed", serviceFeeRate: "0.1", disbursedAt: new Date("2026-01-15T02:00:00Z") }]]),
              installmentsByLoan: new Map([[LOAN, installments]]),
              investorsByLoan: new Map([[LOAN, [...holders]]]),
              claimBalances: new Map([...holders].map((h) => [chart.claim(h, LOAN).code, fenFromCny((balances.get(chart.claim(h, LOAN).code) ?? ZERO_CNY).negated())])),
              settings: DEFAULT_REPAYMENT_SETTINGS,
            };
            const plan = planRepayments({
              requests: [{ loanId: LOAN, source: "passbook_debit", reference: `r${received++}`, amountCny: fen(op.fenAmount), receivedAt: new Date("2026-02-15T02:00:00Z") }],
              earlier: [],
              book,
              channelOf: () => ({ sourceAccount: () => chart.clearingPassbook() }),
              now: new Date("2026-02-15T02:00:00Z"),
              newId: () => `rep-${received}`,
            });
            for (const entry of plan.entries) {
              expect(entry.postings.reduce((t, p) => t.plus(p.amountCny), ZERO_CNY).toFixed(2)).toBe("0.00");
              for (const p of entry.postings) move(p.account.code, p.amountCny);
            }
            installments = plan.installmentsAfter.get(LOAN) ?? installments;
          }
          const claims = [...Array(HOLDERS).keys()].map(claimOf);
          for (const c of claims) expect(c.lt(0)).toBe(false);
          const sum = claims.reduce((t, c) => t.plus(c), ZERO_CNY);
          expect(sum.toFixed(2)).toBe((balances.get(chart.loanPrincipal(LOAN).code) ?? ZERO_CNY).toFixed(2));
          const unpaid = installments.reduce((t, i) => t.plus(i.principal).minus(i.principalPaid), ZERO_CNY);
          expect(sum.toFixed(2)).toBe(unpaid.toFixed(2));
        }
      },
    ),
    { numRuns: 300 },
  );
});
