import type { DueContext, DueStep } from "../../run-due-processing";
import { applyPhonebillAnswers } from "./apply-phonebill-answers";
import { BillingUnavailableError, type OperatorBillingAdapter } from "./operator-billing-adapter";
import { requestPhonebillDeductions } from "./request-phonebill-deductions";
import { SandboxOperatorBilling } from "./sandbox-operator-billing";

/** The adapter boundary: the operator's configured billing (DueProcessingDeps.channels.billingFor), else — outside production only — the sandbox. */
export async function billingFor(ctx: Pick<DueContext, "db" | "deps" | "operatorId">): Promise<OperatorBillingAdapter> {
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
    const answers = await billing.pollAnswers();
    await applyPhonebillAnswers(ctx.db, { operatorId: ctx.operatorId, answers, now: ctx.now, notify: ctx.deps.smsSenderFor });
    const { requested } = await requestPhonebillDeductions(ctx.db, { operatorId: ctx.operatorId, date: ctx.date, billing, now: ctx.now });
    await ctx.progress(answers.length + requested, answers.length + requested);
  } catch (error) {
    if (!(error instanceof BillingUnavailableError)) throw error;
    await ctx.markUnavailable(error.reason);
  }
}

export const PHONE_BILL_DEDUCTIONS_STEP: DueStep = { name: "phone_bill_deductions", run: runPhonebillDeductions };
