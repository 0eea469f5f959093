import { formatMoney } from "../../i18n/format";
import type { MessageKey, Translate } from "../../i18n/messages";
import { investing } from "../../services.server";
import { beijingDate } from "../../finance.server";

/** The year asked for (?year=), this Beijing year when absent; anything not a whole year is NaN, refused by the service beside the field. */
export function yearParam(url: URL, now = new Date()): number {
  const raw = (url.searchParams.get("year") ?? "").trim();
  if (raw === "") return Number(beijingDate(now).slice(0, 4));
  return /^\d{4}$/.test(raw) ? Number(raw) : Number.NaN;
}

/** The annual statement's words for its PDF and CSV in the reader's language, money in the one format. */
export function annualStatementLabels(t: Translate, year: number): investing.AnnualStatementLabels {
  const rows = Object.fromEntries(investing.ANNUAL_STATEMENT_ROWS.map((row) => [row, t(`annual.row.${row}` as MessageKey)])) as Record<investing.AnnualStatementRow, string>;
  return {
    title: t("annual.fileTitle", { year }),
    heading: [t("annual.heading.item"), t("annual.heading.amount")],
    rows,
    note: t("annual.note"),
    money: formatMoney,
  };
}

/** The file name of a year's statement download. */
export function annualFileName(year: number, ext: "pdf" | "csv"): string {
  return `annual-statement-${year}.${ext}`;
}
