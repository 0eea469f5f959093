import { asc, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import {
  agreementSignatures,
  applicationChecks,
  applicationEvents,
  callbackTasks,
  loanDisbursements,
  loanInstallments,
  loanRepaymentChannels,
  loans,
  products,
  stores,
  users,
} from "../../db/schema";
import { maskPhone } from "../shared/mask-phone";
import { loadApplicationFor, type Actor } from "./access";
import { AGREEMENT_KINDS, type AgreementKind } from "./agreements";
import { firstIncompleteStep } from "./application-steps";
import type { Offer } from "./offer";

/** Everything one application's pages show: the timeline, review evidence, offer, agreements, loan and schedule. */
export async function applicationDetail(db: DbOrTx, input: { operatorId: string; applicationId: string; actor: Actor }) {
  const { app, as } = await loadApplicationFor(db, input);
  const people = new Map<string, string>();
  const nameOf = async (id: string | null) => {
    if (!id) return null;
    if (!people.has(id)) {
      const [u] = await db.select({ name: users.name, phone: users.phone }).from(users).where(eq(users.id, id));
      people.set(id, u ? `${u.name ?? ""} ${maskPhone(u.phone)}`.trim() : "");
    }
    return people.get(id)!;
  };
  const events = await db.select().from(applicationEvents).where(eq(applicationEvents.applicationId, app.id)).orderBy(asc(applicationEvents.createdAt));
  const checks = await db.select().from(applicationChecks).where(eq(applicationChecks.applicationId, app.id)).orderBy(asc(applicationChecks.createdAt));
  const [callback] = await db.select().from(callbackTasks).where(eq(callbackTasks.applicationId, app.id));
  const signatures = await db
    .select({
      id: agreementSignatures.id,
      kind: agreementSignatures.kind,
      title: agreementSignatures.title,
      templateVersion: agreementSignatures.templateVersion,
      documentHash: agreementSignatures.documentHash,
      signedAt: agreementSignatures.signedAt,
      ip: agreementSignatures.ip,
      userAgent: agreementSignatures.userAgent,
      witnessUserId: agreementSignatures.witnessUserId,
    })
    .from(agreementSignatures)
    .where(eq(agreementSignatures.applicationId, app.id));
  const product = app.productId ? (await db.select().from(products).where(eq(products.id, app.productId)))[0] ?? null : null;
  const loan = app.loanId ? (await db.select().from(loans).where(eq(loans.id, app.loanId)))[0] ?? null : null;
  const installments = loan ? await db.select().from(loanInstallments).where(eq(loanInstallments.loanId, loan.id)).orderBy(asc(loanInstallments.n)) : [];
  const [disbursement] = loan ? await db.select().from(loanDisbursements).where(eq(loanDisbursements.loanId, loan.id)) : [];
  const channels = loan
    ? await db
        .select({ row: loanRepaymentChannels, storeName: stores.nameZh })
        .from(loanRepaymentChannels)
        .leftJoin(stores, eq(stores.id, loanRepaymentChannels.storeId))
        .where(eq(loanRepaymentChannels.loanId, loan.id))
        .orderBy(desc(loanRepaymentChannels.createdAt))
    : [];
  const storeIds = [app.intakeStoreId, app.cashStoreId, app.repaymentStoreId].filter((s): s is string => !!s);
  const storeRows = storeIds.length ? await db.select().from(stores).where(inArray(stores.id, storeIds)) : [];
  const storeName = (id: string | null) => storeRows.find((s) => s.id === id)?.nameZh ?? null;
  const nextDue = installments.find((i) => i.status !== "paid") ?? null;
  return {
    app,
    as,
    offer: app.offer as Offer | null,
    product,
    events: await Promise.all(events.map(async (e) => ({ ...e, actor: await nameOf(e.actorUserId) }))),
    checks,
    callback: callback ?? null,
    signatures: await Promise.all(
      signatures.sort((a, b) => AGREEMENT_KINDS.indexOf(a.kind as AgreementKind) - AGREEMENT_KINDS.indexOf(b.kind as AgreementKind)).map(async (s) => ({ ...s, witness: await nameOf(s.witnessUserId) })),
    ),
    loan,
    installments,
    nextDue,
    disbursement: disbursement ?? null,
    repaymentChannels: channels.map((c) => ({ ...c.row, storeName: c.storeName })),
    stores: { intake: storeName(app.intakeStoreId), cash: storeName(app.cashStoreId), repayment: storeName(app.repaymentStoreId) },
    people: { proposedBy: await nameOf(app.proposedByUserId), confirmedBy: await nameOf(app.confirmedByUserId), createdBy: await nameOf(app.createdByUserId) },
    nextStep: app.status === "draft" ? firstIncompleteStep(app) : null,
  };
}

export type ApplicationDetail = Awaited<ReturnType<typeof applicationDetail>>;
