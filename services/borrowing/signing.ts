import Decimal from "decimal.js";
import { notifyUser, type Notify } from "../notifications";
import { formatMoney } from "../shared/money-text";
import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { agreementSignatures, loanApplications, loanRepaymentChannels, products } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { maskPhone } from "../shared/mask-phone";
import { openLoanForFunding } from "../lending/open-loan-for-funding";
import { beijingDate } from "../shared/calendar";
import { offerExpiresAt } from "./limits";
import { DomainError } from "../shared/errors";
import { loadApplicationFor, type Actor, type Application } from "./access";
import { renderAgreements, type AgreementContext, type RenderedAgreement } from "./agreements";
import { checkBorrowingCode, consumeBorrowingCode } from "./codes";
import { recordEvent } from "./events";
import { personExposure } from "./exposure";
import { buildOffer, type Offer } from "./offer";
import { getBorrowingSettings } from "./get-borrowing-settings";
import { agreementContext } from "./agreement-context";

// repayment-channel.ts checks a changed channel with the same rule as signing.
export { checkChannel } from "./check-repayment-channel";

type SignInput = {
  operatorId: string;
  operatorNameZh: string;
  applicationId: string;
  actor: Actor;
  code: string;
  seenHashes: string[];
  ip: string;
  userAgent: string;
  secretKey: Uint8Array;
  fundingWindowDays?: number;
  /**
   * Called with the new loan's id once the listing has committed (never inside its transaction,
   * never for a replay): the portal runs auto-invest here (services/auto-invest allocateLoan).
   * Its failure does not undo the signing; the scheduled pass catches the loan up.
   */
  afterListing?: (loanId: string) => Promise<unknown>;
  now?: Date;
  /** Tells the borrower (SMS + inbox) the loan is listed; none in tests. */
  notify?: Notify;
};
type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * Signs the five agreements with the SMS code sent to the borrower's phone (at a store
 * the clerk witnesses and types the code the customer reads out). The texts must be the
 * ones the signer read (`seenHashes`); each signature keeps the text, its hash, the
 * template version, the time, IP and user agent. The legal and exposure caps are checked
 * once more, then the loan is listed for funding through `openLoanForFunding`. A repeated
 * submit returns the first result.
 */
export async function signAgreements(db: Db, input: SignInput): Promise<{ application: Application; loanId: string; replayed: boolean }> {
  const now = input.now ?? new Date();
  const { app: first } = await loadApplicationFor(db, { ...input, allow: ["borrower", "clerk"] });
  if (first.status === "signed") return { application: first, loanId: first.loanId!, replayed: true };
  if (first.status !== "approved") throw new DomainError("application.wrong_status", { details: { status: first.status } });
  if (!first.repaymentChannel) throw new DomainError("signing.channel_required", { field: "channel" });
  const { codeId } = await checkBorrowingCode(db, { operatorId: input.operatorId, purpose: "sign", subject: first.id, phone: first.phone, code: input.code, secretKey: input.secretKey, now });

  const signed = await db.transaction(async (tx) => {
    const { app, as } = await loadApplicationFor(tx, { ...input, allow: ["borrower", "clerk"], forUpdate: true });
    if (app.status === "signed") return { application: app, loanId: app.loanId!, replayed: true };
    if (app.status !== "approved") throw new DomainError("application.wrong_status", { details: { status: app.status } });
    // Past its validity the offer no longer stands, even before the day's due processing marks it expired.
    if (app.decidedAt && offerExpiresAt(app.decidedAt).getTime() <= now.getTime()) throw new DomainError("application.offer_expired");
    await consumeBorrowingCode(tx, codeId, now);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`person:${Buffer.from(app.idNumberHash!).toString("hex")}`}))`);
    const { product, offer } = await recheckOffer(tx, input.operatorId, app);

    const agreements = renderAgreements(await agreementContext(tx, app, { operatorNameZh: input.operatorNameZh, date: beijingDate(now) }), app.repaymentChannel);
    const seen = [...input.seenHashes].sort().join(",");
    if (seen !== agreements.map((a) => a.documentHash).sort().join(",")) throw new DomainError("signing.agreements_changed");
    const signatures = await insertSignatures(tx, { input, app, witnessed: as === "clerk", agreements, now });
    return listSignedLoan(tx, { input, app, product, offer, agreements, signatures, witnessed: as === "clerk", now });
  });
  if (!signed.replayed && input.afterListing) await input.afterListing(signed.loanId).catch(() => undefined);
  return signed;
}

/** The legal and exposure caps once more, under the person's lock: the offer still stands. */
async function recheckOffer(tx: Tx, operatorId: string, app: Application): Promise<{ product: typeof products.$inferSelect; offer: Offer }> {
  const settings = await getBorrowingSettings(tx, operatorId);
  const [product] = await tx.select().from(products).where(eq(products.id, app.finalProductId!));
  const offer = buildOffer(product!, app.finalAmount!, settings);
  const exposure = await personExposure(tx, { idNumberHash: app.idNumberHash!, borrowerUserId: app.borrowerUserId, excludeApplicationId: app.id });
  if (new Decimal(exposure.outstandingCny).plus(offer.amount).gt(settings.exposureCap)) {
    throw new DomainError("review.exposure_cap", { details: { outstanding: new Decimal(exposure.outstandingCny).toFixed(2), cap: new Decimal(settings.exposureCap).toFixed(2) } });
  }
  return { product: product!, offer };
}

async function insertSignatures(
  tx: Tx,
  args: { input: SignInput; app: Application; witnessed: boolean; agreements: RenderedAgreement[]; now: Date },
): Promise<Array<{ id: string; kind: string }>> {
  const { input, app, now } = args;
  return tx
    .insert(agreementSignatures)
    .values(
      args.agreements.map((a) => ({
        operatorId: input.operatorId,
        applicationId: app.id,
        kind: a.kind,
        templateVersion: a.templateVersion,
        title: a.title,
        content: a.content,
        documentHash: a.documentHash,
        signerUserId: app.borrowerUserId,
        witnessUserId: args.witnessed ? input.actor.userId : null,
        signedAt: now,
        ip: input.ip.slice(0, 100),
        userAgent: input.userAgent.slice(0, 500),
      })),
    )
    .returning({ id: agreementSignatures.id, kind: agreementSignatures.kind });
}

/** The loan listed for funding, the application signed, the repayment channel in force, the events and audit. */
async function listSignedLoan(
  tx: Tx,
  args: { input: SignInput; app: Application; product: typeof products.$inferSelect; offer: Offer; agreements: RenderedAgreement[]; signatures: Array<{ id: string; kind: string }>; witnessed: boolean; now: Date },
): Promise<{ application: Application; loanId: string; replayed: boolean }> {
  const { input, app, product, offer, now } = args;
  const loan = await openLoanForFunding(tx, {
    operatorId: input.operatorId,
    borrowerUserId: app.borrowerUserId,
    productId: product.id,
    amountCny: offer.amount,
    titleZh: `${product.nameZh} · ${app.purposeNote}`,
    regionZh: app.region!,
    applicationId: app.id,
    fundingWindowDays: input.fundingWindowDays,
    now,
  });
  const [row] = await tx.update(loanApplications).set({ status: "signed", loanId: loan.id, signedAt: now, offer, updatedAt: now }).where(eq(loanApplications.id, app.id)).returning();
  await tx.insert(loanRepaymentChannels).values({
    operatorId: input.operatorId,
    loanId: loan.id,
    channel: app.repaymentChannel!,
    storeId: app.repaymentStoreId,
    entrustmentSignatureId: app.repaymentChannel === "passbook_debit" ? args.signatures.find((s) => s.kind === "debit")!.id : null,
    chosenByUserId: input.actor.userId,
    createdAt: now,
  });
  const documents = args.agreements.map((a) => ({ kind: a.kind, hash: a.documentHash, version: a.templateVersion }));
  await recordEvent(tx, { operatorId: input.operatorId, applicationId: app.id, kind: "signed", actorUserId: input.actor.userId, details: { witness: args.witnessed, documents } }, now);
  await recordEvent(tx, { operatorId: input.operatorId, applicationId: app.id, kind: "listed", actorUserId: null, details: { loanId: loan.id, fundingDeadline: loan.fundingDeadline.toISOString() } }, now);
  await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.actor.userId, action: "application.signed", subject: app.id, details: { loanId: loan.id, witnessed: args.witnessed, ip: input.ip } }, now);
  await notifyUser(tx, input.notify, { operatorId: input.operatorId, userId: app.borrowerUserId, kind: "loan_signed", params: { title: loan.titleZh, amount: formatMoney(offer.amount) } });
  return { application: row!, loanId: loan.id, replayed: false };
}
