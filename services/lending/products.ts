import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { products } from "../../db/schema";
import { inTransaction } from "../ledger/db-helpers";
import { parsePositiveAmountCny } from "../ledger/money";
import { DomainError } from "../shared/errors";
import { isUuid } from "../ledger/validate";
import { buildSchedule, type RepaymentMethod } from "./build-schedule";

export type Product = typeof products.$inferSelect;
export type LoanPurpose = Product["purpose"];
export type RiskLevel = Product["riskLevel"];

export interface ProductTerms {
  code: string;
  nameZh: string;
  nameEn: string;
  purpose: LoanPurpose;
  minAmountCny: string;
  maxAmountCny: string;
  /** Fractions as decimal strings, e.g. "0.10". */
  annualRate: string;
  termMonths: number;
  method: RepaymentMethod;
  serviceFeeRate: string;
  penaltyDailyRate: string;
  riskLevel: RiskLevel;
}

const RATE = /^(0|0?\.\d{1,6})$/;

function checkTerms(terms: ProductTerms): void {
  const bad = (field: string): never => {
    throw new DomainError("product.invalid", { field });
  };
  if (!/^[A-Z][A-Z0-9]{1,15}$/.test(terms.code)) bad("code");
  if (!terms.nameZh.trim() || !terms.nameEn.trim()) bad("name");
  const min = parsePositiveAmountCny(terms.minAmountCny, "minAmount");
  const max = parsePositiveAmountCny(terms.maxAmountCny, "maxAmount");
  if (min.gt(max)) bad("minAmount");
  for (const field of ["annualRate", "serviceFeeRate", "penaltyDailyRate"] as const) {
    if (!RATE.test(terms[field])) bad(field);
  }
  // The smallest and largest loan must both have a valid schedule.
  buildSchedule({ principalCny: min.toFixed(2), annualRate: terms.annualRate, termMonths: terms.termMonths, method: terms.method });
  buildSchedule({ principalCny: max.toFixed(2), annualRate: terms.annualRate, termMonths: terms.termMonths, method: terms.method });
}

/**
 * Adds a version of a product (version 1 for a new code) and makes it the active one;
 * loans made under earlier versions keep theirs.
 */
export async function createProductVersion(
  db: DbOrTx,
  input: { operatorId: string; terms: ProductTerms; createdByUserId?: string | null },
): Promise<Product> {
  checkTerms(input.terms);
  const t = input.terms;
  return inTransaction(db, async (tx) => {
    // Serialise versioning of one code so two editors cannot both create "version 3".
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`product:${input.operatorId}:${t.code}`}))`);
    const [latest] = await tx
      .select({ version: products.version })
      .from(products)
      .where(and(eq(products.operatorId, input.operatorId), eq(products.code, t.code)))
      .orderBy(desc(products.version))
      .limit(1);
    await tx.update(products).set({ active: false }).where(and(eq(products.operatorId, input.operatorId), eq(products.code, t.code)));
    const [row] = await tx
      .insert(products)
      .values({
        operatorId: input.operatorId,
        code: t.code,
        version: (latest?.version ?? 0) + 1,
        nameZh: t.nameZh.trim(),
        nameEn: t.nameEn.trim(),
        purpose: t.purpose,
        minAmount: t.minAmountCny,
        maxAmount: t.maxAmountCny,
        annualRate: t.annualRate,
        termMonths: t.termMonths,
        method: t.method,
        serviceFeeRate: t.serviceFeeRate,
        penaltyDailyRate: t.penaltyDailyRate,
        riskLevel: t.riskLevel,
        active: true,
        createdByUserId: input.createdByUserId ?? null,
      })
      .returning();
    if (!row) throw new Error("product insert returned nothing");
    return row;
  });
}

export async function listActiveProducts(db: DbOrTx, operatorId: string): Promise<Product[]> {
  return db
    .select()
    .from(products)
    .where(and(eq(products.operatorId, operatorId), eq(products.active, true)))
    .orderBy(asc(products.code));
}

export async function getProduct(db: DbOrTx, input: { operatorId: string; productId: string }): Promise<Product> {
  if (!isUuid(input.productId)) throw new DomainError("product.not_found");
  const [row] = await db.select().from(products).where(and(eq(products.operatorId, input.operatorId), eq(products.id, input.productId)));
  if (!row) throw new DomainError("product.not_found");
  return row;
}
