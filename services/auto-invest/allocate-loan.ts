import Decimal from "decimal.js";
import { and, asc, eq, isNotNull, ne, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { autoInvestRules, investments, loans, users } from "../../db/schema";
import { getWallet, invest } from "../investing";
import type { Loan } from "../lending";
import { isDomainError, type ErrorCode } from "../shared/errors";
import { formatMoney } from "../shared/money-text";
import type { SmsSender } from "../sms";
import { DEFAULT_AUTO_INVEST_SETTINGS, type AutoInvestSettings } from "./limits";
import { amountToInvest, ruleMatchesLoan } from "./match-rule";
import { ruleUsed } from "./rule-budget";
import type { AutoInvestRule } from "./rule";

export interface AllocationInput {
  operatorId: string;
  loanId: string;
  smsFor: (tx: DbOrTx) => SmsSender;
  settings?: AutoInvestSettings;
  /** Shared by the loans of one pass (allocateOpenLoans); a fresh one otherwise. */
  memo?: AllocationMemo;
  now?: Date;
}

export interface PlacedByRule {
  ruleId: string;
  investorUserId: string;
  investmentId: string;
  amount: string;
}

/** The idempotency key of a rule's investment in a loan: one per (rule, loan), however often allocation runs. */
export const autoInvestKey = (ruleId: string, loanId: string) => `auto_${ruleId}_${loanId}`;

/** Someone else changed the loan between our read and the lock: read again and recompute. */
const RECOMPUTE: ReadonlySet<ErrorCode> = new Set<ErrorCode>(["invest.amount_above_left", "invest.auto_share_reserved", "invest.amount_below_minimum", "invest.amount_step"]);

/**
 * While the manual share is reserved (the first minutes after listing), the most all rules
 * together may hold in the loan: (1 − share) of its amount, down to the fen; null afterwards.
 */
export function autoCeiling(loan: Pick<Loan, "amount" | "listedAt">, settings: AutoInvestSettings, now: Date): Decimal | null {
  const windowEnds = loan.listedAt.getTime() + settings.manualWindowMinutes * 60_000;
  if (now.getTime() >= windowEnds) return null;
  return new Decimal(loan.amount).times(new Decimal(1).minus(settings.manualShare)).toDecimalPlaces(2, Decimal.ROUND_DOWN);
}

const isOpen = (loan: Loan | undefined, now: Date): loan is Loan => !!loan && loan.status === "funding" && loan.fundingDeadline.getTime() > now.getTime();

async function readLoan(db: DbOrTx, operatorId: string, loanId: string) {
  const [loan] = await db.select().from(loans).where(and(eq(loans.operatorId, operatorId), eq(loans.id, loanId)));
  return loan;
}

/**
 * The fair queue for a loan: the operator's active rules that match it, of investors other
 * than its borrower, without an investment in it yet — the rule that waited longest since its
 * last allocation first (never allocated first of all), then the oldest rule.
 */
export async function ruleQueue(db: DbOrTx, loan: Loan): Promise<AutoInvestRule[]> {
  const rules = await db
    .select()
    .from(autoInvestRules)
    .where(and(eq(autoInvestRules.operatorId, loan.operatorId), eq(autoInvestRules.paused, false), ne(autoInvestRules.investorUserId, loan.borrowerUserId)))
    .orderBy(sql`${autoInvestRules.lastAllocatedAt} asc nulls first`, asc(autoInvestRules.createdAt), asc(autoInvestRules.id));
  const already = await db
    .select({ ruleId: investments.autoInvestRuleId })
    .from(investments)
    .where(and(eq(investments.loanId, loan.id), isNotNull(investments.autoInvestRuleId)));
  const done = new Set(already.map((r) => r.ruleId));
  return rules.filter((rule) => !done.has(rule.id) && ruleMatchesLoan(rule, loan));
}

/** What all rules together already hold in the loan (not voided). */
async function autoHeld(db: DbOrTx, loanId: string): Promise<Decimal> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${investments.amount}), 0)` })
    .from(investments)
    .where(and(eq(investments.loanId, loanId), isNotNull(investments.autoInvestRuleId), ne(investments.status, "voided")));
  return new Decimal(row?.total ?? "0");
}

/** The rule moves to the back of the queue and its investor is told (SMS until the inbox exists), in one transaction. */
async function recordAllocation(db: Db, input: { rule: AutoInvestRule; loan: Loan; amount: string; smsFor: AllocationInput["smsFor"]; now: Date }) {
  await db.transaction(async (tx) => {
    await tx.update(autoInvestRules).set({ lastAllocatedAt: input.now }).where(eq(autoInvestRules.id, input.rule.id));
    const [person] = await tx.select({ phone: users.phone }).from(users).where(eq(users.id, input.rule.investorUserId));
    if (!person) return;
    await input.smsFor(tx).send({
      operatorId: input.loan.operatorId,
      phone: person.phone,
      kind: "auto_invest_placed",
      params: { rule: input.rule.name, title: input.loan.titleZh, amount: formatMoney(input.amount) },
    });
  });
}

type RuleOutcome = { placed: PlacedByRule } | "skipped" | "closed";

/**
 * What one pass already read, so an idle rule costs no query per loan: wallets' available cash by
 * investor and what counts against each rule's total, dropped when the rule invests. A stale value
 * only makes the invest use case refuse (and the rule skip or recompute from fresh reads); it never
 * lets anything through, since every bound that matters is checked again under the loan's lock.
 */
export type AllocationMemo = { available: Map<string, Decimal>; used: Map<string, Decimal> };
export const newAllocationMemo = (): AllocationMemo => ({ available: new Map(), used: new Map() });

async function remembered<K>(map: Map<K, Decimal>, key: K, read: () => Promise<Decimal>): Promise<Decimal> {
  const known = map.get(key);
  if (known) return known;
  const value = await read();
  map.set(key, value);
  return value;
}

/** The loan as this allocation last saw it, and what rules hold in it. */
type LoanState = { loan: Loan; autoHeld: Decimal };
type RuleContext = AllocationInput & { settings: AutoInvestSettings; now: Date; memo: AllocationMemo; state: LoanState };

/** The rule's amount now, from the loan state and the remembered wallet and budget; null when it sits this loan out. */
async function plannedAmount(db: Db, rule: AutoInvestRule, ctx: RuleContext): Promise<{ amount: Decimal | null; ceiling: Decimal | null } | "closed"> {
  const { loan } = ctx.state;
  const ceiling = autoCeiling(loan, ctx.settings, ctx.now);
  const autoRoomLeft = ceiling === null ? null : ceiling.minus(ctx.state.autoHeld);
  if (autoRoomLeft !== null && autoRoomLeft.lte(0)) return "closed";
  const available = await remembered(ctx.memo.available, rule.investorUserId, async () => (await getWallet(db, { operatorId: ctx.operatorId, userId: rule.investorUserId })).availableCny);
  const budgetLeft = new Decimal(rule.maxTotal).minus(await remembered(ctx.memo.used, rule.id, () => ruleUsed(db, rule)));
  return { amount: amountToInvest({ loan, amountPerLoan: rule.amountPerLoan, budgetLeft, spendable: available.minus(rule.cashToKeep), autoRoomLeft }), ceiling };
}

/** One rule's turn: its amount from the loan as it stands, invested through the one invest use case; recomputed from fresh reads when another investor got there first. */
async function allocateRule(db: Db, rule: AutoInvestRule, ctx: RuleContext): Promise<RuleOutcome> {
  const { now, state } = ctx;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (attempt > 0) {
      const fresh = await readLoan(db, ctx.operatorId, ctx.loanId);
      if (!isOpen(fresh, now)) return "closed";
      Object.assign(state, { loan: fresh, autoHeld: await autoHeld(db, fresh.id) });
      ctx.memo.available.delete(rule.investorUserId);
      ctx.memo.used.delete(rule.id);
    }
    const plan = await plannedAmount(db, rule, ctx);
    if (plan === "closed") return "closed";
    if (!plan.amount) return "skipped";
    try {
      const { investment, loan, replayed } = await invest(db, {
        operatorId: ctx.operatorId,
        investorUserId: rule.investorUserId,
        loanId: ctx.loanId,
        amount: plan.amount.toFixed(2),
        idempotencyKey: autoInvestKey(rule.id, ctx.loanId),
        autoInvest: { ruleId: rule.id, ceiling: plan.ceiling },
        now,
      });
      if (replayed) return "skipped";
      Object.assign(state, { loan, autoHeld: state.autoHeld.plus(investment.amount) });
      ctx.memo.available.delete(rule.investorUserId);
      ctx.memo.used.delete(rule.id);
      await recordAllocation(db, { rule, loan, amount: investment.amount, smsFor: ctx.smsFor, now });
      return { placed: { ruleId: rule.id, investorUserId: rule.investorUserId, investmentId: investment.id, amount: investment.amount } };
    } catch (error) {
      if (!isDomainError(error)) throw error;
      if (error.code === "invest.loan_not_open") return "closed";
      if (!RECOMPUTE.has(error.code)) return "skipped";
    }
  }
  return "skipped";
}

/**
 * Auto-invest for one loan in funding (issue 19), run after the listing commits and again by
 * the scheduled pass: the fair queue (ruleQueue) takes turns, each rule at most its amount per
 * loan, through the same invest use case as a person (same loan row lock, risk gate, hold) with
 * the key `auto_<rule>_<loan>`, so a rerun or a concurrent run never invests twice. During the
 * manual window rules stop at the ceiling (autoCeiling); never past the loan's amount.
 */
export async function allocateLoan(db: Db, input: AllocationInput): Promise<{ placed: PlacedByRule[] }> {
  const now = input.now ?? new Date();
  const settings = input.settings ?? DEFAULT_AUTO_INVEST_SETTINGS;
  const loan = await readLoan(db, input.operatorId, input.loanId);
  if (!isOpen(loan, now)) return { placed: [] };
  const queue = await ruleQueue(db, loan);
  if (queue.length === 0) return { placed: [] };
  const state: LoanState = { loan, autoHeld: await autoHeld(db, loan.id) };
  const memo = input.memo ?? newAllocationMemo();
  const placed: PlacedByRule[] = [];
  for (const rule of queue) {
    const outcome = await allocateRule(db, rule, { ...input, settings, now, memo, state });
    if (outcome === "closed") break;
    if (outcome !== "skipped") placed.push(outcome.placed);
  }
  return { placed };
}
