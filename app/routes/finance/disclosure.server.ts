import { beijingDate } from "../../finance.server";
import { requireUser } from "../../guard.server";
import { getLocale } from "../../i18n/i18n.server";
import { catalogues, translator, type MessageKey } from "../../i18n/messages";
import { formatDate, formatMonth } from "../../i18n/format";
import { disclosure } from "../../services.server";

/**
 * Shared by the disclosure page and its CSV and PDF: the guard (role finance), the month asked for
 * (`?month=YYYY-MM`; absent → the last full month; not a month, or one not yet begun → the
 * last full month with an error beside the field), the report and its labels.
 */
export async function loadDisclosure(request: Request, params: { operator?: string }, options: { reads?: "replica" } = {}) {
  // The page may read a replica; the CSV and PDF record their export in the audit log, on the primary.
  const { operator, session, db } = await requireUser(request, params, "finance", options);
  const locale = await getLocale(request);
  const t = translator(catalogues[locale]);
  const asked = new URL(request.url).searchParams.get("month");
  const parsed = disclosure.parseMonth(asked?.trim());
  const currentMonth = beijingDate().slice(0, 7);
  const valid = parsed !== null && parsed <= currentMonth;
  const month = valid ? parsed : disclosure.lastFullMonth();
  const monthError: MessageKey | null = asked && !valid ? "error.disclosure.invalid_month" : null;
  const report = await disclosure.buildDisclosureReport(db, { operatorId: operator.id, month });
  const presented = disclosure.presentDisclosure(report);
  const operatorName = locale === "en" ? operator.nameEn : operator.nameZh;
  const subtitle = t("disclosure.subtitle", { operator: operatorName, month: formatMonth(month, locale), date: formatDate(presented.asOfDate, locale) });
  const labels: disclosure.DisclosureLabels = {
    title: t("disclosure.title"),
    subtitle,
    section: (s) => t(`disclosure.section.${s}` as MessageKey),
    figure: (k) => t(`disclosure.figure.${k}` as MessageKey),
    columnFigure: t("disclosure.columnFigure"),
    columnValue: t("disclosure.columnValue"),
    trendTitle: t("disclosure.trend.title"),
    trendMonth: t("disclosure.trend.month"),
    trendDisbursed: t("disclosure.trend.disbursed"),
    trendOutstanding: t("disclosure.trend.outstanding"),
    trendOverdue: t("disclosure.trend.overdue"),
    trendRateByAmount: t("disclosure.trend.rateByAmount"),
    trendRateByCount: t("disclosure.trend.rateByCount"),
    notAvailable: t("disclosure.notAvailable"),
    notes: [t("disclosure.note.asOf"), t("disclosure.note.balance"), t("disclosure.note.overdue"), t("disclosure.note.approximation")],
  };
  return { operator, session, db, month, monthError, presented, subtitle, labels };
}

export function disclosureFileName(operatorSlug: string, month: string, ext: "csv" | "pdf"): string {
  return `disclosure-${operatorSlug.replace(/[^A-Za-z0-9_-]+/g, "_")}-${month}.${ext}`;
}
