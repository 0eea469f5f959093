import { and, asc, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import {
  agreementSignatures,
  applicationChecks,
  applicationEvents,
  callbackTasks,
  loanApplications,
  loanDisbursements,
  loanInstallments,
  loanRepaymentChannels,
  loans,
  products,
  stores,
  users,
} from "../../db/schema";
import { maskPhone } from "../shared/mask-phone";
import { loadApplicationFor, type Actor, type Application } from "./access";
import { firstIncompleteStep } from "./applications";
import type { Offer } from "./offer";
import { AGREEMENT_KINDS, type AgreementKind } from "./agreements";

export type Loan = typeof loans.$inferSelect;
export type InstallmentRow = typeof loanInstallments.$inferSelect;

/** A borrower's applications (newest first) and any loan of theirs not made through one. */
export async function listBorrowerApplications(db: DbOrTx, input: { operatorId: string; userId: string }) {
  const apps = await db
    .select({ app: loanApplications, loan: loans, productName: products.nameZh })
    .from(loanApplications)
    .leftJoin(loans, eq(loans.id, loanApplications.loanId))
    .leftJoin(products, eq(products.id, loanApplications.productId))
    .where(and(eq(loanApplications.operatorId, input.operatorId), eq(loanApplications.borrowerUserId, input.userId)))
    .orderBy(desc(loanApplications.createdAt));
  const otherLoans = await db
    .select()
    .from(loans)
    .where(and(eq(loans.operatorId, input.operatorId), eq(loans.borrowerUserId, input.userId), isNull(loans.applicationId)))
    .orderBy(desc(loans.createdAt));
  return { applications: apps.map((r) => ({ ...r, nextStep: r.app.status === "draft" ? firstIncompleteStep(r.app) : null })), otherLoans };
}

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

/** The risk officers' queue: referred (call-back due), in review, awaiting a second officer. */
export async function riskQueue(db: DbOrTx, input: { operatorId: string; status?: Application["status"] }) {
  const statuses = input.status ? [input.status] : (["referred", "in_review", "pending_confirmation"] as const);
  return db
    .select({
      id: loanApplications.id,
      status: loanApplications.status,
      fullName: loanApplications.fullName,
      phone: loanApplications.phone,
      amount: loanApplications.amount,
      finalAmount: loanApplications.finalAmount,
      purposeNote: loanApplications.purposeNote,
      channel: loanApplications.channel,
      submittedAt: loanApplications.submittedAt,
      prelimOutcome: loanApplications.prelimOutcome,
      proposedByUserId: loanApplications.proposedByUserId,
      productCode: products.code,
      hits: sql<number>`(select count(*) from ${applicationChecks} where ${applicationChecks.applicationId} = ${loanApplications.id} and ${applicationChecks.hit})`.mapWith(Number),
    })
    .from(loanApplications)
    .leftJoin(products, eq(products.id, loanApplications.productId))
    .where(and(eq(loanApplications.operatorId, input.operatorId), inArray(loanApplications.status, [...statuses])))
    .orderBy(asc(loanApplications.submittedAt))
    .limit(200);
}

/** A store's applications (filled in there, or to be paid out in cash there), newest first. */
export async function storeApplications(db: DbOrTx, input: { operatorId: string; storeId: string }) {
  return db
    .select({ app: loanApplications, loanStatus: loans.status })
    .from(loanApplications)
    .leftJoin(loans, eq(loans.id, loanApplications.loanId))
    .where(and(eq(loanApplications.operatorId, input.operatorId), or(eq(loanApplications.intakeStoreId, input.storeId), eq(loanApplications.cashStoreId, input.storeId))))
    .orderBy(desc(loanApplications.createdAt))
    .limit(100);
}

export async function getSignature(db: DbOrTx, input: { applicationId: string; kind: string }) {
  const [row] = await db
    .select()
    .from(agreementSignatures)
    .where(and(eq(agreementSignatures.applicationId, input.applicationId), eq(agreementSignatures.kind, input.kind)));
  return row ?? null;
}
