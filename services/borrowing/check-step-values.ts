import Decimal from "decimal.js";
import type { loanApplications } from "../../db/schema";
import type { LoanPurpose } from "../lending/products";
import { beijingDate } from "../shared/calendar";
import { DomainError } from "../shared/errors";
import type { Application } from "./access";
import type { StepValues } from "./application-steps";
import { encryptField } from "../shared/crypto/field-encryption";
import { lookupHash } from "../shared/crypto/lookup-hash";
import { maskAccount } from "./mask-account";
import { maskIdNumber, parseResidentId } from "../shared/resident-id";
import { isTypedAmount } from "../ledger/money-input";
import { isLoanPurpose } from "../../db/loan-purposes";
import { ACCOUNT_PURPOSE, ID_PURPOSE } from "./sealed-fields";

/**
 * The checks of the application steps that need no database: each takes one step's typed
 * values and returns the columns to write, or throws the field's DomainError.
 */
export type ApplicationChanges = Partial<typeof loanApplications.$inferInsert>;
type Step<S extends StepValues["step"]> = Extract<StepValues, { step: S }>;

const ACCOUNT = /^\d{8,30}$/;
const text = (v: string, min: number, max: number) => v.trim().length >= min && v.trim().length <= max;

/** The need; a changed need clears the chosen product (it may no longer match). */
export function needChanges(app: Application, v: Step<"need">): ApplicationChanges {
  if (!isTypedAmount(v.amountCny) || new Decimal(v.amountCny).lt(100)) throw new DomainError("application.amount_invalid", { field: "amount" });
  if (!Number.isInteger(v.termMonths) || v.termMonths < 1 || v.termMonths > 60) throw new DomainError("application.term_invalid", { field: "termMonths" });
  if (!isLoanPurpose(v.purpose)) throw new DomainError("application.purpose_invalid", { field: "purpose" });
  if (!text(v.purposeNote, 2, 40)) throw new DomainError("application.invalid", { field: "purposeNote" });
  const amount = new Decimal(v.amountCny).toFixed(2);
  const changed = app.amount !== amount || app.termMonths !== v.termMonths || app.purpose !== v.purpose;
  return { amount, termMonths: v.termMonths, purpose: v.purpose as LoanPurpose, purposeNote: v.purposeNote.trim(), ...(changed ? { productId: null } : {}) };
}

/** Name and resident ID; a blank ID keeps the one already stored. */
export function identityChanges(app: Application, v: Step<"identity">, secretKey: Uint8Array, now: Date): ApplicationChanges {
  const name = v.fullName.trim();
  if (!/^[\u4e00-\u9fa5·]{2,20}$/.test(name)) throw new DomainError("application.name_invalid", { field: "fullName" });
  let set: ApplicationChanges = { fullName: name };
  if (v.idNumber.trim() || !app.idNumberEnc) {
    const id = parseResidentId(v.idNumber, beijingDate(now));
    set = {
      ...set,
      idNumberEnc: encryptField(secretKey, ID_PURPOSE, id.number),
      idNumberHash: lookupHash(secretKey, "id_number", id.number),
      idNumberMasked: maskIdNumber(id.number),
      birthDate: id.birthDate,
    };
  }
  return set;
}

export function contactChanges(v: Step<"contact">): ApplicationChanges {
  if (!text(v.region, 4, 40)) throw new DomainError("application.region_invalid", { field: "region" });
  if (!text(v.village, 2, 40)) throw new DomainError("application.address_invalid", { field: "village" });
  if (!text(v.address, 2, 80)) throw new DomainError("application.address_invalid", { field: "address" });
  return { region: v.region.trim(), village: v.village.trim(), address: v.address.trim() };
}

/**
 * Passbook and disbursement channel; a blank account keeps the one already stored. For
 * `store_cash` the caller resolves `cashStoreId` (a store of this operator), which needs the database.
 */
export function bankChanges(app: Application, v: Step<"bank">, secretKey: Uint8Array): ApplicationChanges {
  if (!text(v.passbookBank, 2, 40)) throw new DomainError("application.account_invalid", { field: "passbookBank" });
  const account = v.passbookAccount.replace(/\s/g, "");
  if (account && !ACCOUNT.test(account)) throw new DomainError("application.account_invalid", { field: "passbookAccount" });
  if (!account && !app.passbookAccountEnc) throw new DomainError("application.account_invalid", { field: "passbookAccount" });
  const set: ApplicationChanges = {
    passbookBank: v.passbookBank.trim(),
    ...(account ? { passbookAccountEnc: encryptField(secretKey, ACCOUNT_PURPOSE, account), passbookAccountMasked: maskAccount(account) } : {}),
    disbursementChannel: v.disbursementChannel,
    cashStoreId: null,
    supplierName: null,
    supplierAccountEnc: null,
    supplierAccountMasked: null,
  };
  if (v.disbursementChannel === "supplier") {
    if (!text(v.supplierName, 2, 60)) throw new DomainError("application.account_invalid", { field: "supplierName" });
    const supplierAccount = v.supplierAccount.replace(/\s/g, "");
    if (!ACCOUNT.test(supplierAccount)) throw new DomainError("application.account_invalid", { field: "supplierAccount" });
    set.supplierName = v.supplierName.trim();
    set.supplierAccountEnc = encryptField(secretKey, ACCOUNT_PURPOSE, supplierAccount);
    set.supplierAccountMasked = maskAccount(supplierAccount);
  } else if (v.disbursementChannel !== "passbook" && v.disbursementChannel !== "store_cash") {
    throw new DomainError("application.invalid", { field: "disbursementChannel" });
  }
  return set;
}

export function householdChanges(v: Step<"household">): ApplicationChanges {
  if (!Number.isInteger(v.householdSize) || v.householdSize < 1 || v.householdSize > 30) throw new DomainError("application.household_invalid", { field: "householdSize" });
  if (!isTypedAmount(v.annualIncomeCny)) throw new DomainError("application.income_invalid", { field: "annualIncome" });
  if (!text(v.incomeSource, 2, 60)) throw new DomainError("application.income_invalid", { field: "incomeSource" });
  return { householdSize: v.householdSize, annualIncome: new Decimal(v.annualIncomeCny).toFixed(2), incomeSource: v.incomeSource.trim() };
}

export function consentChanges(v: Step<"consent">, now: Date): ApplicationChanges {
  if (!v.consent) throw new DomainError("application.consent_required", { field: "consent" });
  return { consentAt: now };
}
