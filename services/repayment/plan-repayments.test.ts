import { describe, expect, it } from "vitest";
import { chart } from "../ledger/chart";
import { Cny, fenFromText } from "../ledger/money";
import { DomainError } from "../shared/errors";
import { DEFAULT_ALLOCATION_ORDER } from "./allocate-payment";
import { planRepayments, type ChannelRules, type EarlierRepayment, type InstallmentRow, type PlannedRequest, type RepaymentBook } from "./plan-repayments";

// No database: the book is built by hand. ¥10,000 equal principal over 2 months, 12 % a year,
// 10 % service fee, investors A (6000) and B (4000).
const LOAN = "loan-1";
const BORROWER = "borrower-1";
const CLEARING = { code: "clearing:test", type: "asset" } as const;
const clearing: ChannelRules = { sourceAccount: () => CLEARING };
const wallet: ChannelRules = { sourceAccount: (_r, loan) => chart.walletAvailable(loan.borrowerUserId), refusesOverpayment: true };
const channelOf = (source: string) => (source === "wallet" ? wallet : clearing);
const at = (date: string) => new Date(`${date}T02:00:00Z`); // 10:00 Beijing

function installment(n: number, dueDate: string, principal: string, interest: string): InstallmentRow {
  return { id: `inst-${n}`, n, dueDate, principal, interest, principalPaid: "0.00", interestPaid: "0.00", interestWaived: "0.00", penaltyAccrued: "0.00", penaltyPaid: "0.00", status: "scheduled", paidAt: null };
}

function book(investors: Record<string, string> = { A: "6000.00", B: "4000.00" }, status = "disbursed"): RepaymentBook {
  return {
    loans: new Map([[LOAN, { id: LOAN, borrowerUserId: BORROWER, status, serviceFeeRate: "0.1", disbursedAt: at("2026-01-15") }]]),
    installmentsByLoan: new Map([[LOAN, [installment(1, "2026-02-15", "5000.00", "100.00"), installment(2, "2026-03-15", "5000.00", "50.00")]]]),
    investorsByLoan: new Map([[LOAN, Object.keys(investors)]]),
    claimBalances: new Map(Object.entries(investors).map(([id, amount]) => [chart.claim(id, LOAN).code, fenFromText(amount)])),
    settings: { allocationOrder: DEFAULT_ALLOCATION_ORDER, penaltyToPlatform: false },
  };
}

function request(overrides: Partial<PlannedRequest> = {}): PlannedRequest {
  return { loanId: LOAN, source: "test", reference: "R1", amountCny: new Cny("5100.00"), receivedAt: at("2026-02-15"), ...overrides };
}

let ids = 0;
function plan(requests: PlannedRequest[], b = book(), earlier: EarlierRepayment[] = []) {
  return planRepayments({ requests, earlier, book: b, channelOf, now: at("2026-02-15"), newId: () => `rep-${++ids}` });
}

const sum = (postings: readonly { amountCny: Cny }[]) => postings.reduce((t, p) => t.plus(p.amountCny), new Cny(0));
const byCode = (postings: readonly { account: { code: string }; amountCny: Cny }[]) => Object.fromEntries(postings.map((p) => [p.account.code, p.amountCny.toFixed(2)]));

describe("planRepayments (pure)", () => {
  it("books an installment as one balanced entry: the channel's account pays, investors get principal and interest net of the fee", () => {
    const result = plan([request()]);
    expect(result.entries).toHaveLength(1);
    const [entry] = result.entries;
    expect(sum(entry!.postings).toFixed(2)).toBe("0.00");
    expect(byCode(entry!.postings)).toEqual({
      [chart.claim("A", LOAN).code]: "3000.00",
      [chart.walletAvailable("A").code]: "-3054.00",
      [chart.claim("B", LOAN).code]: "2000.00",
      [chart.walletAvailable("B").code]: "-2036.00",
      [chart.loanPrincipal(LOAN).code]: "-5000.00",
      [chart.revenueServiceFee().code]: "-10.00",
      "clearing:test": "5100.00",
    });
    expect(result.results[0]).toMatchObject({ replayed: false, principal: "5000.00", interest: "100.00", overpayment: "0.00", loanClosed: false });
    expect(result.changedInstallments).toEqual([expect.objectContaining({ n: 1, status: "paid", principalPaid: "5000.00", interestPaid: "100.00", paidAt: at("2026-02-15") })]);
    expect(result.repaymentRows[0]).toMatchObject({ source: "test", reference: "R1", amount: "5100.00", serviceFee: "10.00", installmentParts: [{ n: 1, principal: "5000.00", interest: "100.00", penalty: "0.00" }] });
  });

  it("leaves the loaded book untouched and lets a second request of the batch see the first one's effect", () => {
    const b = book();
    const result = plan([request(), request({ reference: "R2", amountCny: new Cny("5050.00") })], b);
    expect(b.installmentsByLoan.get(LOAN)!.map((i) => i.status)).toEqual(["scheduled", "scheduled"]);
    expect(b.claimBalances.get(chart.claim("A", LOAN).code)).toBe(600000n);
    expect(result.results.map((r) => r?.loanClosed)).toEqual([false, true]);
    expect(result.closedLoans).toEqual([LOAN]);
    expect(result.touchedLoans).toEqual([LOAN]);
    expect(result.installmentsAfter.get(LOAN)!.map((i) => i.status)).toEqual(["paid", "paid"]);
  });

  it("answers a reference seen before as a replay, refuses it with another amount, and marks repeats within the batch", () => {
    const earlier: EarlierRepayment = { id: "old", loanId: LOAN, source: "test", reference: "R1", amount: "5100.00", penalty: "0.00", interest: "100.00", principal: "5000.00", overpayment: "0.00", entryIds: ["e1"] };
    const replay = plan([request()], book(), [earlier]);
    expect(replay.entries).toEqual([]);
    expect(replay.results[0]).toMatchObject({ repaymentId: "old", replayed: true, entryIds: ["e1"] });
    const conflict = (() => {
      try {
        plan([request({ amountCny: new Cny("1.00") })], book(), [earlier]);
      } catch (error) {
        return error;
      }
    })();
    expect(conflict).toBeInstanceOf(DomainError);
    expect((conflict as DomainError).code).toBe("idempotency.conflict");
    const repeated = plan([request({ reference: "R9" }), request({ reference: "R9" })]);
    expect(repeated.entries).toHaveLength(1);
    expect(repeated.results[1]).toBeNull();
    expect(repeated.repeatOf.get(1)).toBe(0);
  });

  it("keeps an overpayment in the borrower's wallet, but the wallet channel may not overpay", () => {
    const over = plan([request({ amountCny: new Cny("5200.00") })]);
    expect(byCode(over.entries[0]!.postings)[chart.walletAvailable(BORROWER).code]).toBe("-100.00");
    expect(over.results[0]).toMatchObject({ overpayment: "100.00" });
    expect(() => plan([request({ source: "wallet", amountCny: new Cny("5200.00") })])).toThrow(DomainError);
  });

  it("refuses a payoff short of the payoff amount, and books money for a closed loan to the borrower's wallet", () => {
    expect(() => plan([request({ kind: "payoff", amountCny: new Cny("100.00") })])).toThrow(DomainError);
    const late = plan([request()], book(undefined, "closed"));
    expect(byCode(late.entries[0]!.postings)).toEqual({ [chart.walletAvailable(BORROWER).code]: "-5100.00", "clearing:test": "5100.00" });
    expect(late.changedInstallments).toEqual([]);
  });

  it("splits many investors over several balanced entries of at most 29 investors each", () => {
    const investors = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`I${String(i).padStart(2, "0")}`, i === 0 ? "130.00" : "340.00"]));
    const result = plan([request()], book(investors));
    expect(result.entries.map((e) => e.idempotencyKey)).toEqual([expect.stringMatching(/^repayment:rep-\d+:1$/), expect.stringMatching(/^repayment:rep-\d+:2$/)]);
    for (const entry of result.entries) expect(sum(entry.postings).toFixed(2)).toBe("0.00");
    const paid = result.entries.flatMap((e) => e.postings).filter((p) => p.account.code === "clearing:test");
    expect(sum(paid).toFixed(2)).toBe("5100.00");
  });
});
