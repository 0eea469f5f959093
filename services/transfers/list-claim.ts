import type Decimal from "decimal.js";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { debtTransfers } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { Cny, formatCny } from "../ledger/money";
import { addDays, beijingDate, daysBetween } from "../shared/calendar";
import { DomainError } from "../shared/errors";
import { isUuid } from "../shared/ids";
import { isUniqueViolation } from "../shared/db-errors";
import { runIdempotent } from "../shared/idempotency";
import { assertTradable, claimBalance, holdingSince, installmentsOf, lockLoan } from "./claim-state";
import { getTransferSettings } from "./get-transfer-settings";
import type { TransferSettings } from "./limits";
import { checkFormKey, parseListingPrincipal, parsePricePercent } from "./parse-listing";

export type TransferListing = typeof debtTransfers.$inferSelect;

/**
 * A holder lists part or all of their claim on a loan (挂牌转让): under the loan's row lock, the loan
 * must be repaying and not overdue, the holding period over, the principal within the claim (at least
 * the minimum unless it is all of it), the price rate within the bounds; one open listing per holder
 * and loan. The form's key makes a repeat return the first listing; other content is refused.
 */
export async function listClaimForTransfer(
  db: Db,
  input: { operatorId: string; sellerUserId: string; loanId: string; principal: string; pricePercent: string; idempotencyKey: string; settings?: TransferSettings; now?: Date },
): Promise<{ listing: TransferListing; replayed: boolean }> {
  const settings = input.settings ?? (await getTransferSettings(db, input.operatorId));
  const now = input.now ?? new Date();
  const key = checkFormKey(input.idempotencyKey);
  if (!isUuid(input.loanId)) throw new DomainError("transfer.no_claim");
  const principal = parseListingPrincipal(input.principal);
  const priceRate = parsePricePercent(input.pricePercent);
  const find = async (handle: DbOrTx) =>
    (await handle.select().from(debtTransfers).where(and(eq(debtTransfers.operatorId, input.operatorId), eq(debtTransfers.listingKey, key))))[0];
  try {
    const { result, replayed } = await runIdempotent({
      find: () => find(db),
      contentOf: (stored: TransferListing) => ({ loanId: stored.loanId, sellerUserId: stored.sellerUserId, principal: new Cny(stored.principal), priceRate: new Cny(stored.priceRate) }),
      content: { loanId: input.loanId, sellerUserId: input.sellerUserId, principal, priceRate },
      resultOf: (stored) => stored,
      create: (replay) =>
        db.transaction(async (tx) => {
          const loan = await lockLoan(tx, input.operatorId, input.loanId).catch(() => {
            throw new DomainError("transfer.no_claim");
          });
          const twin = await find(tx);
          if (twin) return replay(twin);
          await checkListing(tx, { ...input, loan, principal, priceRate, settings, now });
          const [listing] = await tx
            .insert(debtTransfers)
            .values({
              id: randomUUID(),
              operatorId: input.operatorId,
              loanId: loan.id,
              sellerUserId: input.sellerUserId,
              principal: formatCny(principal),
              priceRate: priceRate.toFixed(6),
              feeRate: settings.feeRate.toFixed(6),
              listingKey: key,
              expiresAt: new Date(now.getTime() + settings.listingValidityDays * 86_400_000),
              createdAt: now,
            })
            .returning();
          await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.sellerUserId, action: "transfer.listed", subject: listing!.id, details: { loanId: loan.id, principal: formatCny(principal), priceRate: priceRate.toFixed(4) } }, now);
          return { result: listing!, replayed: false };
        }),
      keyConstraints: ["debt_transfers_listing_key"],
      conflict: { field: "principal" },
    });
    return { listing: result, replayed };
  } catch (error) {
    if (isUniqueViolation(error, "debt_transfers_one_listing")) throw new DomainError("transfer.already_listed", { field: "principal" });
    throw error;
  }
}

/** Under the loan's lock: tradable today, held long enough, the principal within the claim, the price within bounds, no open listing. */
async function checkListing(
  tx: DbOrTx,
  input: { operatorId: string; sellerUserId: string; loan: Awaited<ReturnType<typeof lockLoan>>; principal: Decimal; priceRate: Decimal; settings: TransferSettings; now: Date },
): Promise<void> {
  const { loan, principal, priceRate, settings } = input;
  const today = beijingDate(input.now);
  const claim = await claimBalance(tx, input.operatorId, input.sellerUserId, loan.id);
  if (claim.isZero()) throw new DomainError("transfer.no_claim");
  assertTradable(loan, await installmentsOf(tx, loan.id), today);
  const since = await holdingSince(tx, { loan, userId: input.sellerUserId });
  if (!since || daysBetween(beijingDate(since), today) < settings.holdingPeriodDays) {
    const from = since ? addDays(beijingDate(since), settings.holdingPeriodDays) : today;
    throw new DomainError("transfer.holding_period", { field: "principal", details: { days: settings.holdingPeriodDays, from } });
  }
  if (principal.gt(claim)) throw new DomainError("transfer.principal_above_claim", { field: "principal", details: { claim: formatCny(claim) } });
  if (principal.lt(settings.minPrincipalCny) && !principal.eq(claim)) {
    throw new DomainError("transfer.principal_too_small", { field: "principal", details: { min: formatCny(settings.minPrincipalCny) } });
  }
  if (priceRate.lt(settings.minPriceRate) || priceRate.gt(settings.maxPriceRate)) {
    throw new DomainError("transfer.price_out_of_bounds", { field: "pricePercent", details: { min: settings.minPriceRate.times(100).toString(), max: settings.maxPriceRate.times(100).toString() } });
  }
  const [open] = await tx
    .select({ id: debtTransfers.id })
    .from(debtTransfers)
    .where(and(eq(debtTransfers.sellerUserId, input.sellerUserId), eq(debtTransfers.loanId, loan.id), eq(debtTransfers.status, "listed")));
  if (open) throw new DomainError("transfer.already_listed", { field: "principal" });
}
