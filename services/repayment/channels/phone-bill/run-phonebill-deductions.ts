import type { DbOrTx } from "../../../../db/client";
import type { Notify } from "../../../notifications";
import type { ChannelDeps } from "../channel-adapters";
import type { DueContext, DueStep } from "../../run-due-processing";
import { applyPhonebillAnswers } from "./apply-phonebill-answers";
import { BillingUnavailableError, type OperatorBillingAdapter } from "./operator-billing-adapter";
import { requestPhonebillDeductions } from "./request-phonebill-deductions";
import { SandboxOperatorBilling } from "./sandbox-operator-billing";

/** The adapter boundary: the operator's configured billing (DueProcessingDeps.channels.billingFor), else — outside production only — the sandbox. */
export async function billingFor(ctx: { db: DbOrTx; deps: { channels?: ChannelDeps }; operatorId: string }): Promise<OperatorBillingAdapter> {
  const configured = await ctx.deps.channels?.billingFor?.({ db: ctx.db, operatorId: ctx.operatorId });
  if (configured) return configured;
  // Production never reaches the sandbox: it would "confirm" deductions nobody collected.
  if (ctx.deps.channels?.sandboxesAllowed === false) throw new Error("no operator billing configured for this operator, and sandboxes are refused here");
  return new SandboxOperatorBilling(ctx.db, ctx.operatorId);
}

/**
 * Phone-bill deduction for the day: apply the answers the operator has, then ask for what is
 * owed now. An unreachable operator makes the step report the channel unavailable (shown on
 * the due-runs page) rather than fail the day's run; tomorrow's run asks again.
 */
export async function runPhonebillDeductions(ctx: DueContext): Promise<void> {
  const billing = await billingFor(ctx);
  try {
    const { answers } = await pollPhonebillAnswers(ctx.db, { operatorId: ctx.operatorId, billing, now: ctx.now, notify: ctx.deps.smsSenderFor });
    const { requested } = await requestPhonebillDeductions(ctx.db, { operatorId: ctx.operatorId, date: ctx.date, billing, now: ctx.now });
    await ctx.progress(answers + requested, answers + requested);
  } catch (error) {
    if (!(error instanceof BillingUnavailableError)) throw error;
    await ctx.markUnavailable(error.reason);
  }
}

/**
 * Asks the operator's billing for its answers and applies them (applyPhonebillAnswers):
 * due processing does it daily; finance does it from the phone-bill page (查询扣费结果),
 * e.g. for a borrower's 主动还款. An unreachable billing throws BillingUnavailableError.
 */
export async function pollPhonebillAnswers(
  db: DbOrTx,
  input: { operatorId: string; billing: OperatorBillingAdapter; now?: Date; notify?: Notify },
): Promise<{ answers: number; applied: number; refused: number }> {
  const answers = await input.billing.pollAnswers();
  const results = await applyPhonebillAnswers(db, { operatorId: input.operatorId, answers, now: input.now, notify: input.notify });
  const count = (outcomes: readonly string[]) => results.filter((r) => outcomes.includes(r.outcome)).length;
  return { answers: answers.length, applied: count(["applied", "applied_late"]), refused: count(["refused"]) };
}

export const PHONE_BILL_DEDUCTIONS_STEP: DueStep = { name: "phone_bill_deductions", run: runPhonebillDeductions };
