import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { auditLog, debtTransfers } from "../../db/schema";
import { describeEachDatabase } from "../../db/testing";
import { createDisbursedLoan, type DisbursedLoan } from "../repayment/testing/disbursed-loan";
import { startOfBeijingDay } from "../shared/calendar";
import { DomainError } from "../shared/errors";
import { getTransferSettings, listClaimForTransfer, previewListing, TRANSFER_SETTINGS, updateTransferSettings, type TransferSettingsInput } from ".";

const at = (date: string, hour = 10) => new Date(startOfBeijingDay(date).getTime() + hour * 3_600_000);

async function refusal(work: Promise<unknown>): Promise<{ code: string; field: string | undefined }> {
  try {
    await work;
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, field: error.field };
    throw error;
  }
  throw new Error("expected a refusal");
}

describeEachDatabase("the operator's transfer market rules", (ctx) => {
  let db: Db;
  let loan: DisbursedLoan;
  let operatorId: string;
  let admin: string;
  const stricter: TransferSettingsInput = { holdingPeriodDays: 30, minPriceRate: "0.95", maxPriceRate: "1", feeRate: "0.01", listingValidityDays: 3, minPrincipalCny: "500" };

  beforeAll(async () => {
    db = ctx.db;
    loan = await createDisbursedLoan(db, { investments: ["5000.00", "5000.00"], disbursedAt: at("2026-01-15") });
    operatorId = loan.market.operatorId;
    admin = loan.investorIds[1]!;
  });

  it("are the defaults until an admin saves; each field out of bounds is refused beside it, nothing saved", async () => {
    expect(await getTransferSettings(db, operatorId)).toEqual({ ...TRANSFER_SETTINGS, updatedAt: null });
    const bad: [keyof TransferSettingsInput, unknown][] = [
      ["holdingPeriodDays", 366],
      ["holdingPeriodDays", Number.NaN],
      ["minPriceRate", "0.4"],
      ["maxPriceRate", "0.9"], // below the lowest price
      ["feeRate", "0.1"],
      ["listingValidityDays", 0],
      ["minPrincipalCny", "0"],
      ["minPrincipalCny", "12.345"],
    ];
    for (const [field, value] of bad) {
      expect(await refusal(updateTransferSettings(db, { operatorId, actorUserId: admin, settings: { ...stricter, [field]: value } }))).toEqual({ code: "settings.invalid", field });
    }
    expect((await getTransferSettings(db, operatorId)).updatedAt).toBeNull();
  });

  it("once saved, govern previews and new listings (holding period, price bounds, fee, expiry, least principal), audited", async () => {
    const saved = await updateTransferSettings(db, { operatorId, actorUserId: admin, settings: stricter, now: at("2026-02-01") });
    expect(saved).toMatchObject({ holdingPeriodDays: 30, listingValidityDays: 3, updatedAt: at("2026-02-01") });
    expect([saved.minPriceRate, saved.maxPriceRate, saved.feeRate, saved.minPrincipalCny].map((d) => d.toFixed())).toEqual(["0.95", "1", "0.01", "500"]);
    const [audited] = await db.select().from(auditLog).where(eq(auditLog.action, "transfer.settings_changed"));
    expect(audited!.details).toMatchObject({ before: { feeRate: "0.005", holdingPeriodDays: 14 }, after: { feeRate: "0.01", holdingPeriodDays: 30 } });

    const seller = loan.investorIds[0]!;
    const base = { operatorId, sellerUserId: seller, loanId: loan.loanId, principal: "1000", pricePercent: "98" };
    // Held 21 days: enough under the defaults (14), not under these rules (30).
    expect(await refusal(listClaimForTransfer(db, { ...base, idempotencyKey: "rules-early-1", now: at("2026-02-05") }))).toMatchObject({ code: "transfer.holding_period" });
    const day = at("2026-02-14"); // 30 days held, the first installment (the 15th) not yet due
    expect(await refusal(listClaimForTransfer(db, { ...base, pricePercent: "94", idempotencyKey: "rules-cheap-1", now: day }))).toMatchObject({ code: "transfer.price_out_of_bounds", field: "pricePercent" });
    expect(await refusal(listClaimForTransfer(db, { ...base, principal: "400", idempotencyKey: "rules-small-1", now: day }))).toMatchObject({ code: "transfer.principal_too_small" });
    const preview = await previewListing(db, { operatorId, userId: seller, loanId: loan.loanId, principal: "1000", pricePercent: "98", now: day });
    expect(preview).toMatchObject({ minPercent: "95", maxPercent: "100", feePercent: "1", validityDays: 3 });
    const { listing } = await listClaimForTransfer(db, { ...base, idempotencyKey: "rules-ok-1", now: day });
    const [row] = await db.select().from(debtTransfers).where(eq(debtTransfers.id, listing.id));
    expect(row!.feeRate).toBe("0.010000");
    expect(row!.expiresAt).toEqual(new Date(day.getTime() + 3 * 86_400_000));
  });
});
