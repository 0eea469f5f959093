import type { FigureKey, FigureSection } from "./present";

/** What the CSV and PDF say, in the reader's language; app/ fills it from its catalogue. */
export interface DisclosureLabels {
  title: string;
  /** e.g. "中国联通 · 2025年6月 · 数据截至 2025-06-30 24:00（北京时间）" */
  subtitle: string;
  section: (section: FigureSection) => string;
  figure: (key: FigureKey) => string;
  columnFigure: string;
  columnValue: string;
  trendTitle: string;
  trendMonth: string;
  trendDisbursed: string;
  trendOutstanding: string;
  trendOverdue: string;
  trendRateByAmount: string;
  trendRateByCount: string;
  /** Shown for a share with nothing to divide by. */
  notAvailable: string;
  /** Definitions and the as-of approximation, printed under the figures. */
  notes: string[];
}
