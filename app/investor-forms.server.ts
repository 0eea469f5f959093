import { z } from "zod";

/**
 * The shapes of the investor journey's forms, checked at the edge (validateForm) before a
 * service sees them; the services check the meaning (amount rules, ID check digits...).
 */
const text = (max: number, message = "generic") => z.string({ required_error: message }).trim().max(max, message);
const amount = text(30, "amount.invalid").min(1, "amount.invalid");
const key = z.string().regex(/^[A-Za-z0-9_-]{8,100}$/, "generic");

export const investForm = z.object({ intent: z.enum(["preview", "confirm"]).default("preview"), amount, idempotencyKey: z.string().max(100).optional() });
export const registerForm = z.object({
  legalName: text(60),
  idNumber: text(40),
  bankCode: text(10),
  bankCard: text(40),
  consent: z.string().max(10).optional(),
});
export const topUpForm = z.object({ amount, idempotencyKey: key });
export const withdrawForm = z.object({ amount, idempotencyKey: key });
export const cashTopUpForm = z.object({ phone: text(20, "phone.invalid").min(1, "phone.invalid"), amount, receiptNo: text(40), idempotencyKey: key });
export const decideWithdrawalForm = z.object({
  intent: z.enum(["approve", "reject"]),
  withdrawalId: z.string().uuid("withdrawal.not_found"),
  reason: text(300).default(""),
  /** "yes" only from the confirmation step: an approval sends money, so it is never one tap. */
  confirm: z.string().max(5).optional(),
});
