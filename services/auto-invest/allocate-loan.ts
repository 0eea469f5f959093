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

/** One rule's turn: its amount from the loan as it stands, invested through the one invest use case; recomputed when another investor got there first. */
async function allocateRule(db: Db, rule: AutoInvestRule, input: AllocationInput & { settings: AutoInvestSettings; now: Date }): Promise<RuleOutcome> {
  const { now } = input;
  for (let attempt = 0; attempt < 3; attempt++) {
    const loan = await readLoan(db, input.operatorId, input.loanId);
    if (!isOpen(loan, now)) return "closed";
    const ceiling = autoCeiling(loan, input.settings, now);
    const autoRoomLeft = ceiling === null ? null : ceiling.minus(await autoHeld(db, loan.id));
    if (autoRoomLeft !== null && autoRoomLeft.lte(0)) return "closed";
    const wallet = await getWallet(db, { operatorId: input.operatorId, userId: rule.investorUserId });
    const budgetLeft = new Decimal(rule.maxTotal).minus(await ruleUsed(db, rule));
    const amount = amountToInvest({ loan, amountPerLoan: rule.amountPerLoan, budgetLeft, spendable: wallet.availableCny.minus(rule.cashToKeep), autoRoomLeft });
    if (!amount) return "skipped";
    try {
      const { investment, replayed } = await invest(db, {
        operatorId: input.operatorId,
        investorUserId: rule.investorUserId,
        loanId: loan.id,
        amount: amount.toFixed(2),
        idempotencyKey: autoInvestKey(rule.id, loan.id),
        autoInvest: { ruleId: rule.id, ceiling },
        now,
      });
      if (replayed) return "skipped";
      await recordAllocation(db, { rule, loan, amount: investment.amount, smsFor: input.smsFor, now });
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
  const placed: PlacedByRule[] = [];
  for (const rule of await ruleQueue(db, loan)) {
    const outcome = await allocateRule(db, rule, { ...input, settings, now });
    if (outcome === "closed") break;
    if (outcome !== "skipped") placed.push(outcome.placed);
  }
  return { placed };
}
