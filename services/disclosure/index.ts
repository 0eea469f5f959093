// The monthly disclosure report (信息披露, issue 8).
export {
  buildDisclosureReport,
  computeDisclosureFigures,
  lastFullMonth,
  monthBounds,
  parseMonth,
  shiftMonth,
  TREND_MONTHS,
  type DisclosureFigures,
  type DisclosureReport,
} from "./build-disclosure-report";
export { FIGURE_KEYS, FIGURE_SECTIONS, figureRows, presentDisclosure, trendPoints, type FigureKey, type FigureKind, type FigureRow, type FigureSection, type PresentedDisclosure, type TrendPoint } from "./present";
export type { DisclosureLabels } from "./labels";
export { disclosureCsv } from "./disclosure-csv";
export { disclosurePdf } from "./disclosure-pdf";
export type { DisclosureErrorCode } from "./error-codes";
export { getPublicDisclosure, type PublicDisclosure, type RelatedPartyLending } from "./get-public-disclosure";
export { makeDisclosureMonths, MAX_DISCLOSURE_MONTHS_PER_RUN } from "./make-disclosure-months";
export { checkDisclosureMonths } from "./check-disclosure-months";
