import Decimal from "decimal.js";
import { and, eq } from "drizzle-orm";
import { products } from "../../db/schema";
import { DomainError } from "../shared/errors";
import type { Application } from "./access";
import { personExposure } from "./exposure";
import { getBorrowingSettings } from "./get-borrowing-settings";
import { buildOffer, type Offer } from "./offer";
import { isTypedAmount } from "../ledger/money-input";
import type { Tx } from "./review-guards";

/** The offer for an approval: an active product of the operator, an amount in its range, within the exposure cap. */
export async function priceOffer(tx: Tx, app: Application, operatorId: string, productId: string, amountCny: string): Promise<Offer> {
  const [product] = await tx.select().from(products).where(and(eq(products.operatorId, operatorId), eq(products.id, productId)));
  if (!product || !product.active) throw new DomainError("review.product_invalid", { field: "productId" });
  if (!isTypedAmount(amountCny)) throw new DomainError("review.amount_invalid", { field: "finalAmount" });
  const amount = new Decimal(amountCny);
  if (amount.lt(product.minAmount) || amount.gt(product.maxAmount)) {
    throw new DomainError("review.amount_invalid", { field: "finalAmount", details: { min: product.minAmount, max: product.maxAmount } });
  }
  const settings = await getBorrowingSettings(tx, operatorId);
  const offer = buildOffer(product, amount.toFixed(2), settings);
  const exposure = await personExposure(tx, { idNumberHash: app.idNumberHash!, borrowerUserId: app.borrowerUserId, excludeApplicationId: app.id });
  if (new Decimal(exposure.outstandingCny).plus(offer.amount).gt(settings.exposureCap)) {
    throw new DomainError("review.exposure_cap", { field: "finalAmount", details: { outstanding: new Decimal(exposure.outstandingCny).toFixed(2), cap: new Decimal(settings.exposureCap).toFixed(2) } });
  }
  return offer;
}
