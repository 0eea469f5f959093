import { and, asc, desc, eq, gt, gte, lte, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { loans, products } from "../../db/schema";
import { Cny } from "../ledger/money";
import type { RepaymentMethod, RiskLevel } from "../lending";
import { INVEST_LIST_MAX_PAGE, INVEST_LIST_PAGE_SIZE } from "./limits";
import { isTypedAmount } from "../ledger/money-input";

export const INVEST_SORTS = ["rate_desc", "term_asc", "left_asc", "deadline_asc", "newest"] as const;
export type InvestSort = (typeof INVEST_SORTS)[number];
export const TERM_BUCKETS = ["le6", "7to12", "gt12"] as const;
export type TermBucket = (typeof TERM_BUCKETS)[number];

export interface InvestListFilters {
  /** Annual rate at least this fraction, e.g. "0.08". */
  minRate?: string | null;
  term?: TermBucket | null;
  method?: RepaymentMethod | null;
  risk?: RiskLevel | null;
  /** At least this much still to fund, CNY. */
  minLeft?: string | null;
}

export interface InvestListItem {
  id: string;
  titleZh: string;
  productNameZh: string;
  productNameEn: string;
  purpose: string;
  amount: string;
  fundedAmount: string;
  left: string;
  /** Whole percent funded, rounded down (99 until the last fen is in). */
  progressPercent: number;
  annualRate: string;
  termMonths: number;
  method: RepaymentMethod;
  riskLevel: RiskLevel;
  minInvestment: string;
  investmentStep: string;
  fundingDeadline: Date;
}

const RATE = /^(0(\.\d{1,6})?|1)$/;

/** The WHERE and ORDER BY of the invest list for these filters and this sort. */
function listQuery(operatorId: string, f: InvestListFilters, sort: InvestSort | null, now: Date): { where: SQL | undefined; order: SQL[] } {
  const left = sql`(${loans.amount} - ${loans.fundedAmount})`;
  const conditions: SQL[] = [eq(loans.operatorId, operatorId), eq(loans.status, "funding"), gt(loans.fundingDeadline, now)];
  if (f.minRate && RATE.test(f.minRate)) conditions.push(gte(loans.annualRate, f.minRate));
  if (f.term === "le6") conditions.push(lte(loans.termMonths, 6));
  if (f.term === "7to12") conditions.push(and(gte(loans.termMonths, 7), lte(loans.termMonths, 12))!);
  if (f.term === "gt12") conditions.push(gt(loans.termMonths, 12));
  if (f.method) conditions.push(eq(loans.method, f.method));
  if (f.risk) conditions.push(eq(loans.riskLevel, f.risk));
  if (f.minLeft && isTypedAmount(f.minLeft)) conditions.push(sql`${left} >= ${f.minLeft}::numeric`);
  const where = and(...conditions);

  const order =
    sort === "rate_desc"
      ? [desc(loans.annualRate), asc(loans.fundingDeadline)]
      : sort === "term_asc"
        ? [asc(loans.termMonths), desc(loans.annualRate)]
        : sort === "left_asc"
          ? [asc(left), asc(loans.fundingDeadline)]
          : sort === "deadline_asc"
            ? [asc(loans.fundingDeadline)]
            : [desc(loans.listedAt)];

  return { where, order };
}

/**
 * The invest list (投资列表): loans open for funding whose window has not closed,
 * filtered, sorted and paged (page numbers, `INVEST_LIST_PAGE_SIZE` a page). Malformed
 * filter values are ignored rather than refused: the list is a GET form anyone can edit.
 */
export async function listInvestableLoans(
  db: DbOrTx,
  input: { operatorId: string; filters?: InvestListFilters; sort?: InvestSort | null; page?: number; pageSize?: number; now?: Date },
): Promise<{ items: InvestListItem[]; total: number; page: number; pageCount: number }> {
  const now = input.now ?? new Date();
  const pageSize = input.pageSize ?? INVEST_LIST_PAGE_SIZE;
  const { where, order } = listQuery(input.operatorId, input.filters ?? {}, input.sort ?? null, now);

  // One query for the page and the total (a window count); only a page past the end needs a
  // second look, to answer the last page instead.
  const pageRows = (page: number) =>
    db
      .select({ loan: loans, productNameZh: products.nameZh, productNameEn: products.nameEn, total: sql<number>`count(*) over ()`.mapWith(Number) })
      .from(loans)
      .innerJoin(products, eq(products.id, loans.productId))
      .where(where)
      .orderBy(...order, asc(loans.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize);
  let page = Math.min(INVEST_LIST_MAX_PAGE, Math.max(1, Math.floor(input.page ?? 1) || 1));
  let rows = await pageRows(page);
  let count = rows[0]?.total ?? 0;
  if (rows.length === 0 && page > 1) {
    const [counted] = await db.select({ count: sql<number>`count(*)::int` }).from(loans).where(where);
    count = Number(counted?.count ?? 0);
    page = Math.max(1, Math.ceil(count / pageSize));
    rows = count > 0 ? await pageRows(page) : [];
  }
  const pageCount = Math.max(1, Math.ceil(count / pageSize));

  return {
    total: Number(count),
    page,
    pageCount,
    items: rows.map(({ loan, productNameZh, productNameEn }) => {
      const amount = new Cny(loan.amount);
      const funded = new Cny(loan.fundedAmount);
      return {
        id: loan.id,
        titleZh: loan.titleZh,
        productNameZh,
        productNameEn,
        purpose: loan.purpose,
        amount: amount.toFixed(2),
        fundedAmount: funded.toFixed(2),
        left: amount.minus(funded).toFixed(2),
        progressPercent: funded.times(100).div(amount).floor().toNumber(),
        annualRate: loan.annualRate,
        termMonths: loan.termMonths,
        method: loan.method,
        riskLevel: loan.riskLevel,
        minInvestment: new Cny(loan.minInvestment).toFixed(2),
        investmentStep: new Cny(loan.investmentStep).toFixed(2),
        fundingDeadline: loan.fundingDeadline,
      };
    }),
  };
}
