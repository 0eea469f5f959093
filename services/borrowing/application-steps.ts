import type { LoanPurpose } from "../lending/products";
import type { Application } from "./access";

export const APPLICATION_STEPS = ["need", "product", "identity", "contact", "bank", "household", "consent"] as const;
export type ApplicationStep = (typeof APPLICATION_STEPS)[number];
export { LOAN_PURPOSES } from "../../db/loan-purposes";
/** Still being decided or waiting for a signature: a person has at most one at a time. */
export const OPEN_STATUSES = ["draft", "referred", "in_review", "pending_confirmation", "approved"] as const;

export type StepValues =
  | { step: "need"; amountCny: string; termMonths: number; purpose: string; purposeNote: string }
  | { step: "product"; productId: string }
  | { step: "identity"; fullName: string; idNumber: string }
  | { step: "contact"; region: string; village: string; address: string }
  | {
      step: "bank";
      passbookBank: string;
      passbookAccount: string;
      disbursementChannel: "passbook" | "store_cash" | "supplier";
      cashStoreId: string;
      supplierName: string;
      supplierAccount: string;
    }
  | { step: "household"; householdSize: number; annualIncomeCny: string; incomeSource: string }
  | { step: "consent"; consent: boolean };

/** The first step whose answers are missing, or null when the application is complete. */
export function firstIncompleteStep(app: Application): ApplicationStep | null {
  if (!app.amount || !app.termMonths || !app.purpose) return "need";
  if (!app.productId) return "product";
  if (!app.fullName || !app.idNumberEnc) return "identity";
  if (!app.region || !app.village || !app.address || !app.phoneVerifiedAt) return "contact";
  if (!app.passbookAccountEnc || !app.disbursementChannel) return "bank";
  if (!app.householdSize || app.annualIncome === null || !app.incomeSource) return "household";
  if (!app.consentAt) return "consent";
  return null;
}
