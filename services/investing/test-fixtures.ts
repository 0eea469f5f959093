import { randomBytes, randomUUID } from "node:crypto";
import type Decimal from "decimal.js";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { investments, loans } from "../../db/schema";
import { chart, openAccount, postEntry, postHold } from "../ledger";
import { Cny, formatCny } from "../ledger/money";
import { createOperator, createUser } from "../ledger/test-fixtures";
import { createProductVersion, openLoanForFunding, type ProductTerms } from "../lending";
import { residentIdCheckChar } from "../shared/resident-id";
import { registerInvestor } from "./register-investor";
import { submitRiskAssessment } from "./submit-risk-assessment";
import { invest } from "./invest";

/** Test-only helpers for the investor journey. */
export const TEST_SECRET = new Uint8Array(32).fill(7);

let idSequence = 0;
/** A fresh valid resident ID of an adult (born 1990), unique within the test process. */
export function testIdNumber(birth = "19900307"): string {
  idSequence += 1;
  // Unique per test process; operators are per test, and uniqueness is per operator.
  const first17 = `110101${birth}${String(idSequence % 1000).padStart(3, "0")}`;
  return first17 + residentIdCheckChar(first17);
}

/** A Luhn-valid 16-digit card number starting 6222. */
export function testCardNumber(): string {
  const body = `6222${String(Number.parseInt(randomBytes(5).toString("hex"), 16) % 10 ** 11).padStart(11, "0")}`;
  for (let check = 0; check <= 9; check++) {
    const candidate = body + check;
    let sum = 0;
    for (let i = 0; i < candidate.length; i++) {
      let d = Number(candidate[candidate.length - 1 - i]);
      if (i % 2 === 1) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error("unreachable");
}

/** A Luhn-valid 16-digit card number ending in `tail` (4 digits), e.g. 0000 for a card the sandbox payout bank refuses. */
export function testCardNumberEnding(tail: string): string {
  const head = `6222${String(Number.parseInt(randomBytes(4).toString("hex"), 16) % 10 ** 7).padStart(7, "0")}`;
  const luhn = (digits: string) =>
    [...digits].reverse().reduce((acc, ch, i) => {
      let d = Number(ch);
      if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      return acc + d;
    }, 0);
  // The fifth digit from the right is not doubled: it settles the sum to a multiple of ten.
  const rest = luhn(`${head}0${tail}`);
  return `${head}${(10 - (rest % 10)) % 10}${tail}`;
}

/** All answers "d": the aggressive grade. "a" answers give conservative. */
export const AGGRESSIVE_ANSWERS = { age: "b", income: "d", share: "a", experience: "d", horizon: "d", loss: "d", reaction: "d" };
export const CONSERVATIVE_ANSWERS = { age: "d", income: "a", share: "d", experience: "a", horizon: "a", loss: "a", reaction: "a" };

export const TEST_PRODUCT: ProductTerms = {
  code: "T001",
  nameZh: "测试贷",
  nameEn: "Test loan",
  purpose: "crops",
  minAmountCny: "1000.00",
  maxAmountCny: "100000.00",
  annualRate: "0.12",
  termMonths: 6,
  method: "equal-principal",
  serviceFeeRate: "0.10",
  penaltyDailyRate: "0.0005",
  riskLevel: "medium",
};

export async function createMarket(db: Db, options: { riskLevel?: ProductTerms["riskLevel"] } = {}) {
  const operatorId = await createOperator(db);
  const borrowerId = await createUser(db, operatorId);
  const product = await createProductVersion(db, { operatorId, terms: { ...TEST_PRODUCT, riskLevel: options.riskLevel ?? "medium" } });
  for (const spec of [chart.clearingCard(), chart.custodyBank(), chart.revenueServiceFee()]) await openAccount(db, { operatorId, ...spec });
  return { operatorId, borrowerId, productId: product.id };
}

export type Market = Awaited<ReturnType<typeof createMarket>>;

export async function listLoan(db: Db, market: Market, amountCny = "10000.00", options: { fundingWindowDays?: number; now?: Date } = {}) {
  return openLoanForFunding(db, {
    operatorId: market.operatorId,
    borrowerUserId: market.borrowerId,
    productId: market.productId,
    amountCny,
    titleZh: "测试项目 · 春耕农资",
    regionZh: "河南省周口市",
    fundingWindowDays: options.fundingWindowDays ?? 7,
    ...(options.now ? { now: options.now } : {}),
  });
}

/** A real-named investor with an aggressive assessment and `balance` on the wallet (card top-up). */
export async function createInvestor(db: Db, market: Market, balance = "0.00", answers: Record<string, string> = AGGRESSIVE_ANSWERS, options: { bankCard?: string } = {}) {
  const userId = await createUser(db, market.operatorId);
  await registerInvestor(db, {
    operatorId: market.operatorId,
    userId,
    legalName: "测试出借人",
    idNumber: testIdNumber(),
    bankCode: "ICBC",
    bankCard: options.bankCard ?? testCardNumber(),
    consentedAgreements: ["investor-service", "risk-disclosure", "custody-authorisation"],
    secretKey: TEST_SECRET,
  });
  await submitRiskAssessment(db, { operatorId: market.operatorId, userId, answers });
  if (new Cny(balance).gt(0)) await fund(db, market, userId, balance);
  return userId;
}

export async function fund(db: Db, market: Market, userId: string, amountCny: string) {
  const clearing = await openAccount(db, { operatorId: market.operatorId, ...chart.clearingCard() });
  const wallet = await openAccount(db, { operatorId: market.operatorId, ...chart.walletAvailable(userId) });
  await postEntry(db, {
    operatorId: market.operatorId,
    idempotencyKey: `test-top-up:${randomUUID()}`,
    kind: "top_up",
    cause: { type: "top_up", id: randomUUID() },
    postedBy: { system: "test" },
    postings: [
      { accountId: clearing.id, amountCny },
      { accountId: wallet.id, amountCny: `-${amountCny}` },
    ],
  });
}

/**
 * Funds a loan in `funding` to its full amount through the real `invest` use case (risk
 * gate, steps, row lock, hold): `investorCount` new registered investors with aggressive
 * assessments, each topped up by card for exactly their part. Parts are whole steps of the
 * loan, at least its minimum; the last investor takes the rest.
 */
export async function fundLoanThroughInvestors(db: Db, input: { operatorId: string; loanId: string; investorCount?: number; now?: Date }) {
  const [loan] = await db.select().from(loans).where(and(eq(loans.operatorId, input.operatorId), eq(loans.id, input.loanId)));
  if (!loan || loan.status !== "funding") throw new Error(`fundLoanThroughInvestors: loan ${input.loanId} is not in funding`);
  const parts = splitIntoSteps(new Cny(loan.amount).minus(loan.fundedAmount), input.investorCount ?? 2, new Cny(loan.investmentStep), new Cny(loan.minInvestment));
  const market = { operatorId: input.operatorId } as Market;
  const investorIds: string[] = [];
  const investmentIds: string[] = [];
  for (const part of parts) {
    const investorId = await createInvestor(db, market, formatCny(part));
    const placed = await invest(db, { operatorId: input.operatorId, investorUserId: investorId, loanId: loan.id, amount: formatCny(part), idempotencyKey: randomUUID(), ...(input.now ? { now: input.now } : {}) });
    investorIds.push(investorId);
    investmentIds.push(placed.investment.id);
  }
  return { investorIds, investmentIds };
}

/** `count` parts summing to `left`: equal whole steps (at least `min`), the last the rest. */
function splitIntoSteps(left: Decimal, count: number, step: Decimal, min: Decimal): Decimal[] {
  const each = Cny.max(left.div(count).div(step).floor().times(step), min);
  const parts: Decimal[] = [];
  let rest = left;
  while (parts.length < count - 1 && rest.minus(each).gte(min)) {
    parts.push(each);
    rest = rest.minus(each);
  }
  return rest.gt(0) ? [...parts, rest] : parts;
}

/**
 * Disbursement as the funding contract fixes it (the borrower journey's step, reproduced
 * here only so portfolio tests have claims): post each pending hold, then one entry moving
 * held money to custody and principal to claims; investments confirmed, loan disbursed.
 */
export async function disburseForTest(db: Db, operatorId: string, loanId: string, at = new Date()) {
  await db.transaction(async (tx) => {
    const pending = await tx.select().from(investments).where(and(eq(investments.loanId, loanId), eq(investments.status, "pending")));
    const perInvestor = new Map<string, ReturnType<typeof Cny.prototype.plus>>();
    for (const inv of pending) {
      await postHold(tx, { operatorId, holdId: inv.holdId, postedBy: { system: "test" }, now: at });
      perInvestor.set(inv.investorUserId, (perInvestor.get(inv.investorUserId) ?? new Cny(0)).plus(inv.amount));
    }
    const custody = await openAccount(tx, { operatorId, ...chart.custodyBank() });
    const principal = await openAccount(tx, { operatorId, ...chart.loanPrincipal(loanId) });
    const total = [...perInvestor.values()].reduce((a, b) => a.plus(b), new Cny(0));
    const postings = [
      { accountId: custody.id, amountCny: formatCny(total.negated()) },
      { accountId: principal.id, amountCny: formatCny(total) },
    ];
    for (const [userId, amount] of perInvestor) {
      const held = await openAccount(tx, { operatorId, ...chart.walletHeld(userId) });
      const claim = await openAccount(tx, { operatorId, ...chart.claim(userId, loanId) });
      postings.push({ accountId: held.id, amountCny: formatCny(amount) }, { accountId: claim.id, amountCny: formatCny(amount.negated()) });
    }
    await postEntry(tx, { operatorId, idempotencyKey: `disbursement:${loanId}`, kind: "disbursement", cause: { type: "loan", id: loanId }, postedBy: { system: "test" }, postings, now: at });
    await tx.update(investments).set({ status: "confirmed", resolvedAt: at }).where(and(eq(investments.loanId, loanId), eq(investments.status, "pending")));
    await tx.update(loans).set({ status: "disbursed", disbursedAt: at }).where(eq(loans.id, loanId));
  });
}

/**
 * One repayment to one investor as the contract fixes it: Dr clearing:store / Cr
 * loan:principal (principal), Cr wallet:available (interest net of fee + principal),
 * Cr revenue:service-fee; Dr claim for the principal part.
 */
export async function repayForTest(db: Db, input: { operatorId: string; loanId: string; investorId: string; principal: string; interestNet: string; fee: string; at?: Date }) {
  const { operatorId, loanId, investorId } = input;
  const open = (spec: ReturnType<(typeof chart)[keyof typeof chart]>) => openAccount(db, { operatorId, ...spec });
  const clearing = await open(chart.clearingStore("test-store"));
  const principalAccount = await open(chart.loanPrincipal(loanId));
  const wallet = await open(chart.walletAvailable(investorId));
  const fee = await open(chart.revenueServiceFee());
  const claim = await open(chart.claim(investorId, loanId));
  const p = new Cny(input.principal);
  const i = new Cny(input.interestNet);
  const f = new Cny(input.fee);
  const postings = [
    { accountId: clearing.id, amountCny: formatCny(p.plus(i).plus(f)) },
    { accountId: wallet.id, amountCny: formatCny(p.plus(i).negated()) },
    { accountId: fee.id, amountCny: formatCny(f.negated()) },
  ];
  if (p.gt(0)) postings.push({ accountId: principalAccount.id, amountCny: formatCny(p.negated()) }, { accountId: claim.id, amountCny: formatCny(p) });
  return postEntry(db, {
    operatorId,
    idempotencyKey: `repayment:${randomUUID()}`,
    kind: "repayment",
    cause: { type: "repayment", id: randomUUID() },
    postedBy: { system: "test" },
    postings,
    ...(input.at ? { now: input.at } : {}),
  });
}
