import { formatMoney } from "../../i18n/format";
import type { MessageKey } from "../../i18n/messages";
import { formatPercent } from "../../../services/shared/percent";

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;
type Evidence = Record<string, unknown>;

const text = (v: unknown) => (v === null || v === undefined ? "" : String(v));
const money = (v: unknown) => formatMoney(text(v) || "0");

function hitsText(evidence: Evidence, t: Translate): string {
  const hits = Array.isArray(evidence.hits) ? (evidence.hits as Array<{ kind?: string; masked?: string; reason?: string }>) : [];
  if (hits.length === 0) return t("risk.evidence.noHits");
  const list = hits.map((h) => t("risk.evidence.hit", { kind: t(`risk.lists.kind.${h.kind ?? "phone"}` as MessageKey), masked: text(h.masked), reason: text(h.reason) }));
  return t("risk.evidence.hits", { list: list.join("；") });
}

/**
 * What a review rule looked at, as a sentence a risk officer reads (Chinese first):
 * amounts in the one money format, ratios as percentages, no field names. The evidence is
 * what services/borrowing/review-rules.ts recorded with the check.
 */
export function describeRuleEvidence(rule: string, evidence: unknown, t: Translate): string {
  const e = (evidence && typeof evidence === "object" ? evidence : {}) as Evidence;
  switch (rule) {
    case "blacklist":
    case "redlist":
      return hitsText(e, t);
    case "multi_application": {
      const counts = { days: text(e.windowDays), total: text(e.total), byId: text(e.byIdNumber), byPhone: text(e.byPhone), refer: text(e.referFrom), reject: text(e.rejectFrom) };
      // No device fingerprint (a form sent before JavaScript loaded): the device count is left out, not shown as 0.
      return e.byDevice === null || e.byDevice === undefined ? t("risk.evidence.multiNoDevice", counts) : t("risk.evidence.multi", { ...counts, byDevice: text(e.byDevice) });
    }
    case "exposure_cap":
      return t("risk.evidence.exposure", { outstanding: money(e.outstanding), requested: money(e.requested), after: money(e.after), cap: money(e.cap) });
    case "operator_subscriber": {
      const source = t(e.source === "sandbox" ? "risk.evidence.source.sandbox" : "risk.evidence.source.operator");
      if (e.subscriber === true) return t("risk.evidence.subscriber", { source });
      if (e.subscriber === false) return t("risk.evidence.notSubscriber", { source });
      return t("risk.evidence.noData", { source });
    }
    case "real_name":
      return t(e.match ? "risk.evidence.nameMatch" : "risk.evidence.nameMismatch");
    case "network_tenure":
      return t("risk.evidence.tenure", { months: text(e.months), refer: text(e.referBelow), reject: text(e.rejectBelow) });
    case "phone_bill_arrears":
      return t("risk.evidence.arrears", { arrears: money(e.arrears), refer: money(e.referAbove), reject: money(e.rejectAbove) });
    case "income_ratio":
      return t("risk.evidence.income", { amount: money(e.amount), income: money(e.annualIncome), ratio: formatPercent(text(e.ratio) || "0", 0), limit: money(e.limit) });
    default:
      return "";
  }
}
