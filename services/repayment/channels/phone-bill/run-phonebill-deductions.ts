import type { DueContext, DueStep } from "../../run-due-processing";
import { applyPhonebillAnswers } from "./apply-phonebill-answers";
import type { OperatorBillingAdapter } from "./operator-billing-adapter";
import { requestPhonebillDeductions } from "./request-phonebill-deductions";
import { SandboxOperatorBilling } from "./sandbox-operator-billing";

/** The adapter boundary: the configured operator billing (DueProcessingDeps.channels.billing), else the sandbox. No real billing can be reached from this deployment. */
export function billingFor(ctx: Pick<DueContext, "db" | "deps" | "operatorId">): OperatorBillingAdapter {
  return ctx.deps.channels?.billing ?? new SandboxOperatorBilling(ctx.db, ctx.operatorId);
}

/** Phone-bill deduction for the day: apply the answers the operator has, then ask for what is owed now. */
export async function runPhonebillDeductions(ctx: DueContext): Promise<void> {
  const billing = billingFor(ctx);
  const answers = await billing.pollAnswers();
  await applyPhonebillAnswers(ctx.db, { operatorId: ctx.operatorId, answers, now: ctx.now });
  const { requested } = await requestPhonebillDeductions(ctx.db, { operatorId: ctx.operatorId, date: ctx.date, billing, now: ctx.now });
  await ctx.progress(answers.length + requested, answers.length + requested);
}

export const PHONE_BILL_DEDUCTIONS_STEP: DueStep = { name: "phone_bill_deductions", run: runPhonebillDeductions };
