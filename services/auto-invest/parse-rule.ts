import Decimal from "decimal.js";
import { RISK_LEVELS } from "../../db/enums";
import { parseTypedAmount } from "../ledger/money-input";
import { REPAYMENT_METHODS, type RepaymentMethod, type RiskLevel } from "../lending";
import { DomainError } from "../shared/errors";
import { AUTO_INVEST_MAX_PER_LOAN, AUTO_INVEST_MAX_TOTAL, AUTO_INVEST_MIN_PER_LOAN, AUTO_INVEST_NAME_MAX } from "./limits";

/** A rule as the investor typed it (form fields; rates in percent a year, terms in months). */
export interface RuleForm {
  name: string;
  minRate: string;
  maxRate: string;
  minTerm: string;
  maxTerm: string;
  methods: readonly string[];
  riskLevels: readonly string[];
  amountPerLoan: string;
  maxTotal: string;
  cashToKeep: string;
  reinvest: boolean;
}

/** A valid rule's terms: rates as fractions (0.08 = 8%), money as decimals. */
export interface RuleTerms {
  name: string;
  minRate: Decimal;
  maxRate: Decimal;
  minTermMonths: number;
  maxTermMonths: number;
  methods: RepaymentMethod[];
  riskLevels: RiskLevel[];
  amountPerLoan: Decimal;
  maxTotal: Decimal;
  cashToKeep: Decimal;
  reinvest: boolean;
}

/** Every field error of one form at once, each beside its field. */
export class RuleFormError extends Error {
  constructor(readonly errors: DomainError[]) {
    super(errors.map((e) => e.code).join(", "));
    this.name = "RuleFormError";
  }
}

const PERCENT = /^\d{1,2}(\.\d{1,2})?$/;
const MONTHS = /^\d{1,3}$/;

function percent(raw: string): Decimal | null {
  const text = raw.trim().replace(/[%％]$/, "");
  return PERCENT.test(text) ? new Decimal(text).div(100) : null;
}

function months(raw: string): number | null {
  const text = raw.trim();
  if (!MONTHS.test(text)) return null;
  const value = Number.parseInt(text, 10);
  return value >= 1 && value <= 120 ? value : null;
}

function amount(raw: string, min: Decimal, max: Decimal): Decimal | null {
  const value = parseTypedAmount(raw);
  return value && value.gte(min) && value.lte(max) ? value : null;
}

/** The rule's range fields: rate and term, each end valid and the lower not above the upper. */
function parseRanges(form: RuleForm, errors: DomainError[]) {
  const minRate = percent(form.minRate);
  const maxRate = percent(form.maxRate);
  if (!minRate) errors.push(new DomainError("auto_invest.rate_invalid", { field: "minRate" }));
  if (!maxRate) errors.push(new DomainError("auto_invest.rate_invalid", { field: "maxRate" }));
  if (minRate && maxRate && minRate.gt(maxRate)) errors.push(new DomainError("auto_invest.rate_range", { field: "maxRate" }));
  const minTermMonths = months(form.minTerm);
  const maxTermMonths = months(form.maxTerm);
  if (minTermMonths === null) errors.push(new DomainError("auto_invest.term_invalid", { field: "minTerm" }));
  if (maxTermMonths === null) errors.push(new DomainError("auto_invest.term_invalid", { field: "maxTerm" }));
  if (minTermMonths !== null && maxTermMonths !== null && minTermMonths > maxTermMonths) errors.push(new DomainError("auto_invest.term_range", { field: "maxTerm" }));
  return { minRate, maxRate, minTermMonths, maxTermMonths };
}

/** The rule's money fields: per loan, total (not below per loan), cash to keep. */
function parseAmounts(form: RuleForm, errors: DomainError[]) {
  const range = { min: AUTO_INVEST_MIN_PER_LOAN.toFixed(2), max: AUTO_INVEST_MAX_PER_LOAN.toFixed(2) };
  const amountPerLoan = amount(form.amountPerLoan, AUTO_INVEST_MIN_PER_LOAN, AUTO_INVEST_MAX_PER_LOAN);
  if (!amountPerLoan) errors.push(new DomainError("auto_invest.amount_per_loan_invalid", { field: "amountPerLoan", details: range }));
  const maxTotal = amount(form.maxTotal, AUTO_INVEST_MIN_PER_LOAN, AUTO_INVEST_MAX_TOTAL);
  if (!maxTotal) errors.push(new DomainError("auto_invest.max_total_invalid", { field: "maxTotal", details: { max: AUTO_INVEST_MAX_TOTAL.toFixed(2) } }));
  if (amountPerLoan && maxTotal && maxTotal.lt(amountPerLoan)) errors.push(new DomainError("auto_invest.max_total_below_per_loan", { field: "maxTotal" }));
  const cashToKeep = form.cashToKeep.trim() === "" ? new Decimal(0) : amount(form.cashToKeep, new Decimal(0), AUTO_INVEST_MAX_TOTAL);
  if (!cashToKeep) errors.push(new DomainError("auto_invest.cash_to_keep_invalid", { field: "cashToKeep" }));
  return { amountPerLoan, maxTotal, cashToKeep };
}

/**
 * Checks a rule form; every problem is reported beside its field at once (RuleFormError).
 * The investor's risk grade is checked against the levels by the caller (save-rule.ts), which reads it.
 */
export function parseRuleForm(form: RuleForm): RuleTerms {
  const errors: DomainError[] = [];
  const name = form.name.trim();
  if (name.length < 1 || name.length > AUTO_INVEST_NAME_MAX) errors.push(new DomainError("auto_invest.name_invalid", { field: "name", details: { max: AUTO_INVEST_NAME_MAX } }));
  const ranges = parseRanges(form, errors);
  const methods = REPAYMENT_METHODS.filter((m) => form.methods.includes(m));
  if (methods.length === 0) errors.push(new DomainError("auto_invest.methods_required", { field: "methods" }));
  const riskLevels = RISK_LEVELS.filter((l) => form.riskLevels.includes(l));
  if (riskLevels.length === 0) errors.push(new DomainError("auto_invest.risk_levels_required", { field: "riskLevels" }));
  const amounts = parseAmounts(form, errors);
  if (errors.length > 0) throw new RuleFormError(errors);
  return {
    name,
    minRate: ranges.minRate!,
    maxRate: ranges.maxRate!,
    minTermMonths: ranges.minTermMonths!,
    maxTermMonths: ranges.maxTermMonths!,
    methods,
    riskLevels,
    amountPerLoan: amounts.amountPerLoan!,
    maxTotal: amounts.maxTotal!,
    cashToKeep: amounts.cashToKeep!,
    reinvest: form.reinvest,
  };
}
