import Decimal from "decimal.js";
import type { Db } from "../../../db/client";
import { errorParams, domainErrorToFieldErrors, type FieldErrors } from "../../forms.server";
import { autoInvestSettings } from "../../auto-invest.server";
import { autoInvest, investing } from "../../services.server";
import { REPAYMENT_METHODS } from "../../../db/enums";

/** A rule's fields as the form shows them (rates in percent, money as typed strings). */
export type RuleValues = autoInvest.RuleForm;

/** The form's fields (unchecked strings, cut to a sane length; the service checks them). */
export function ruleFormFrom(form: FormData): RuleValues {
  const text = (name: string) => String(form.get(name) ?? "").slice(0, 60);
  return {
    name: text("name"),
    minRate: text("minRate"),
    maxRate: text("maxRate"),
    minTerm: text("minTerm"),
    maxTerm: text("maxTerm"),
    methods: form.getAll("methods").map((v) => String(v).slice(0, 40)).slice(0, 10),
    riskLevels: form.getAll("riskLevels").map((v) => String(v).slice(0, 20)).slice(0, 10),
    amountPerLoan: text("amountPerLoan"),
    maxTotal: text("maxTotal"),
    cashToKeep: text("cashToKeep"),
    reinvest: form.get("reinvest") === "on",
  };
}

const percentText = (fraction: string) => new Decimal(fraction).times(100).toDecimalPlaces(2).toString();
const moneyText = (amount: string) => new Decimal(amount).toDecimalPlaces(2).toString();

/** A stored rule as the form shows it. */
export function ruleValues(rule: autoInvest.AutoInvestRule): RuleValues {
  return {
    name: rule.name,
    minRate: percentText(rule.minRate),
    maxRate: percentText(rule.maxRate),
    minTerm: String(rule.minTermMonths),
    maxTerm: String(rule.maxTermMonths),
    methods: rule.methods,
    riskLevels: rule.riskLevels,
    amountPerLoan: moneyText(rule.amountPerLoan),
    maxTotal: moneyText(rule.maxTotal),
    cashToKeep: moneyText(rule.cashToKeep),
    reinvest: rule.reinvest,
  };
}

/** The values a new rule's form starts with. */
export const NEW_RULE_VALUES: RuleValues = {
  name: "",
  minRate: "6",
  maxRate: "15",
  minTerm: "1",
  maxTerm: "12",
  methods: [...REPAYMENT_METHODS],
  riskLevels: ["low"],
  amountPerLoan: "500",
  maxTotal: "10000",
  cashToKeep: "0",
  reinvest: true,
};

/** A rule error (every field at once) or any domain error, as messages beside the fields. */
export function ruleErrors(error: unknown): FieldErrors {
  if (error instanceof autoInvest.RuleFormError) {
    const errors: FieldErrors = {};
    for (const e of error.errors) errors[e.field ?? "_form"] ??= { key: `error.${e.code}`, params: errorParams(e.details) };
    return errors;
  }
  return domainErrorToFieldErrors(error);
}

/** The preview of what the form's rule would have bought over the last 30 days, for the page. */
export async function previewView(db: Db, operatorId: string, values: RuleValues) {
  const terms = autoInvest.parseRuleForm(values);
  const preview = await autoInvest.previewAutoInvestRule(db, { operatorId, terms });
  return {
    from: preview.from.toISOString(),
    to: preview.to.toISOString(),
    listed: preview.listed,
    total: preview.total,
    bought: preview.bought.map((b) => ({ ...b, listedAt: b.listedAt.toISOString(), ratePercent: `${percentText(b.annualRate)}%` })),
  };
}
export type PreviewView = Awaited<ReturnType<typeof previewView>>;

/** What the page says about the investor and the fairness rule. */
export async function investorContext(db: Db, operatorId: string, userId: string) {
  const status = await investing.getInvestorStatus(db, { operatorId, userId });
  const settings = autoInvestSettings();
  return {
    ready: status.ready,
    registered: !!status.profile,
    risk: status.risk ? { grade: status.risk.grade, expired: status.risk.expired } : null,
    manualSharePercent: settings.manualShare.times(100).toDecimalPlaces(2).toString(),
    manualMinutes: settings.manualWindowMinutes,
  };
}
