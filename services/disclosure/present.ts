import type Decimal from "decimal.js";
import { Cny, formatCny } from "../ledger/money";
import { formatPercent } from "../shared/percent";
import type { DisclosureFigures, DisclosureReport } from "./build-disclosure-report";

/**
 * The report as plain strings for pages, CSV and PDF: amounts as the ledger prints them
 * ("1234.50"), counts as integers, shares through the one percent formatter ("12.34%",
 * empty when there is no denominator). Labels stay with the caller (i18n lives in app/).
 */
export const FIGURE_SECTIONS = ["lending", "balance", "participants", "concentration", "overdue"] as const;
export type FigureSection = (typeof FIGURE_SECTIONS)[number];

export const FIGURE_KEYS = [
  "cumulativeDisbursedCount",
  "cumulativeDisbursedCny",
  "monthDisbursedCount",
  "monthDisbursedCny",
  "cumulativeTransferCount",
  "monthTransferCount",
  "monthTransferPrincipalCny",
  "monthTransferPriceCny",
  "outstandingPrincipalCny",
  "outstandingLoanCount",
  "outstandingInterestCny",
  "cumulativeLenders",
  "currentLenders",
  "cumulativeBorrowers",
  "currentBorrowers",
  "top10BorrowerShare",
  "largestBorrowerShare",
  "overdueCny",
  "overdueLoanCount",
  "overdue90Cny",
  "overdue90LoanCount",
  "overdueRateByCount",
  "overdueRateByAmount",
] as const satisfies ReadonlyArray<keyof DisclosureFigures>;
export type FigureKey = (typeof FIGURE_KEYS)[number];

export type FigureKind = "money" | "count" | "percent";

const SECTION_OF: Record<FigureKey, FigureSection> = {
  cumulativeDisbursedCount: "lending",
  cumulativeDisbursedCny: "lending",
  monthDisbursedCount: "lending",
  monthDisbursedCny: "lending",
  cumulativeTransferCount: "lending",
  monthTransferCount: "lending",
  monthTransferPrincipalCny: "lending",
  monthTransferPriceCny: "lending",
  outstandingPrincipalCny: "balance",
  outstandingLoanCount: "balance",
  outstandingInterestCny: "balance",
  cumulativeLenders: "participants",
  currentLenders: "participants",
  cumulativeBorrowers: "participants",
  currentBorrowers: "participants",
  top10BorrowerShare: "concentration",
  largestBorrowerShare: "concentration",
  overdueCny: "overdue",
  overdueLoanCount: "overdue",
  overdue90Cny: "overdue",
  overdue90LoanCount: "overdue",
  overdueRateByCount: "overdue",
  overdueRateByAmount: "overdue",
};

export interface FigureRow {
  key: FigureKey;
  section: FigureSection;
  kind: FigureKind;
  /** Empty for a share with nothing to divide by. */
  value: string;
}

function kindOf(value: number | Decimal | null): FigureKind {
  if (typeof value === "number") return "count";
  return "money";
}

export function figureRows(figures: DisclosureFigures): FigureRow[] {
  return FIGURE_KEYS.map((key) => {
    const raw = figures[key] as number | Decimal | null;
    const isShare = key.endsWith("Share") || key.startsWith("overdueRate");
    const kind: FigureKind = isShare ? "percent" : kindOf(raw);
    const value =
      raw === null ? "" : typeof raw === "number" ? String(raw) : isShare ? formatPercent(raw.toString()) : formatCny(raw);
    return { key, section: SECTION_OF[key], kind, value };
  });
}

export interface TrendPoint {
  month: string;
  monthDisbursedCount: number;
  monthDisbursed: string;
  outstandingPrincipal: string;
  outstandingLoanCount: number;
  overdue: string;
  overdueRateByAmount: string;
  overdueRateByCount: string;
  /** Bar heights for charts, 0–1000, relative to the largest month of the trend (not money). */
  outstandingBar: number;
  overdueRateBar: number;
}

function permille(value: Decimal, max: Decimal): number {
  if (max.isZero()) return 0;
  return new Cny(value).div(max).times(1000).toDecimalPlaces(0).toNumber();
}

export function trendPoints(trend: DisclosureFigures[]): TrendPoint[] {
  const maxOutstanding = trend.reduce((m, f) => (f.outstandingPrincipalCny.gt(m) ? f.outstandingPrincipalCny : m), new Cny(0));
  const maxRate = trend.reduce((m, f) => (f.overdueRateByAmount && f.overdueRateByAmount.gt(m) ? f.overdueRateByAmount : m), new Cny(0));
  return trend.map((f) => ({
    month: f.month,
    monthDisbursedCount: f.monthDisbursedCount,
    monthDisbursed: formatCny(f.monthDisbursedCny),
    outstandingPrincipal: formatCny(f.outstandingPrincipalCny),
    outstandingLoanCount: f.outstandingLoanCount,
    overdue: formatCny(f.overdueCny),
    overdueRateByAmount: f.overdueRateByAmount ? formatPercent(f.overdueRateByAmount.toString()) : "",
    overdueRateByCount: f.overdueRateByCount ? formatPercent(f.overdueRateByCount.toString()) : "",
    outstandingBar: permille(f.outstandingPrincipalCny, maxOutstanding),
    overdueRateBar: f.overdueRateByAmount ? permille(f.overdueRateByAmount, maxRate) : 0,
  }));
}

export interface PresentedDisclosure {
  month: string;
  firstDate: string;
  asOfDate: string;
  rows: FigureRow[];
  trend: TrendPoint[];
}

export function presentDisclosure(report: DisclosureReport): PresentedDisclosure {
  const { figures } = report;
  return { month: figures.month, firstDate: figures.firstDate, asOfDate: figures.asOfDate, rows: figureRows(figures), trend: trendPoints(report.trend) };
}
