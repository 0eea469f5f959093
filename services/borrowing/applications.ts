import Decimal from "decimal.js";
import { and, eq, gte, inArray, ne, or, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { callbackTasks, applicationChecks, loanApplications, stores, userRoles, users } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { findOrCreateUser } from "../identity/find-or-create-user";
import { getProduct, listActiveProducts, type LoanPurpose } from "../lending/products";
import { inTransaction } from "../ledger/db-helpers";
import { getClerkStore } from "../stores/stores";
import { beijingDate } from "../shared/calendar";
import { DomainError } from "../shared/errors";
import { loadApplicationFor, type Actor, type Application } from "./access";
import { checkBorrowingCode, consumeBorrowingCode } from "./codes";
import { decryptField, encryptField } from "../shared/crypto/field-encryption";
import { lookupHash } from "../shared/crypto/lookup-hash";
import { recordEvent } from "./events";
import { personExposure } from "./exposure";
import { maskAccount } from "./mask-account";
import { maskIdNumber, parseResidentId } from "../shared/resident-id";
import { matchProducts } from "./matching";
import type { OperatorDataAdapter } from "./operator-data";
import { evaluateRules, type Outcome } from "./review-rules";
import { findListHits } from "./risk-lists";
import { getBorrowingSettings } from "./settings";
import { isTypedAmount } from "../ledger/money-input";
import { isLoanPurpose } from "../../db/loan-purposes";

export const APPLICATION_STEPS = ["need", "product", "identity", "contact", "bank", "household", "consent"] as const;
export type ApplicationStep = (typeof APPLICATION_STEPS)[number];
export { LOAN_PURPOSES } from "../../db/loan-purposes";
/** Still being decided or waiting for a signature: a person has at most one at a time. */
export const OPEN_STATUSES = ["draft", "referred", "in_review", "pending_confirmation", "approved"] as const;

const ID_PURPOSE = "id_number";
const ACCOUNT_PURPOSE = "bank_account";

/** The first step whose answers are missing, or null when the application is complete. */
export function firstIncompleteStep(app: Application): ApplicationStep | null {
  if (!app.amount || !app.termMonths || !app.purpose) return "need";
  if (!app.productId) return "product";
  if (!app.fullName || !app.idNumberEnc) return "identity";
  if (!app.region || !app.village || !app.address || !app.phoneVerifiedAt) return "contact";
  if (!app.passbookAccountEnc || !app.disbursementChannel) return "bank";
  if (!app.householdSize || app.annualIncome === null || !app.incomeSource) return "household";
  if (!app.consentAt) return "consent";
  return null;
}

async function openApplicationOf(db: DbOrTx, operatorId: string, borrowerUserId: string): Promise<Application | undefined> {
  const [row] = await db
    .select()
    .from(loanApplications)
    .where(and(eq(loanApplications.operatorId, operatorId), eq(loanApplications.borrowerUserId, borrowerUserId), inArray(loanApplications.status, [...OPEN_STATUSES])))
    .limit(1);
  return row;
}

/**
 * The borrower's own application: their open one if any (a draft resumes where it was
 * left), else a new draft. Their phone is the signed-in user's, verified at sign-in.
 */
export async function startApplication(db: Db, input: { operatorId: string; actor: Actor; deviceId: string | null; now?: Date }): Promise<Application> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`application:${input.actor.userId}`}))`);
    const open = await openApplicationOf(tx, input.operatorId, input.actor.userId);
    if (open) return open;
    const [user] = await tx.select({ phone: users.phone }).from(users).where(eq(users.id, input.actor.userId));
    if (!user) throw new DomainError("application.forbidden");
    const [row] = await tx
      .insert(loanApplications)
      .values({
        operatorId: input.operatorId,
        borrowerUserId: input.actor.userId,
        createdByUserId: input.actor.userId,
        channel: "self",
        phone: user.phone,
        phoneVerifiedAt: now,
        deviceId: input.deviceId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordEvent(tx, { operatorId: input.operatorId, applicationId: row!.id, kind: "created", actorUserId: input.actor.userId }, now);
    return row!;
  });
}

/**
 * A store clerk opens an application for a customer at the counter. The customer's phone
 * is proved by the code sent to it (`sendBorrowingCode` purpose `verify_phone`, subject
 * `store:<clerk>:<phone>`); the customer's account is found or created by that phone.
 */
export async function startStoreApplication(
  db: Db,
  input: { operatorId: string; clerkUserId: string; phone: string; code: string; secretKey: Uint8Array; now?: Date },
): Promise<Application> {
  const now = input.now ?? new Date();
  const store = await getClerkStore(db, { operatorId: input.operatorId, userId: input.clerkUserId });
  if (!store) throw new DomainError("application.store_required", { field: "phone" });
  const { codeId } = await checkBorrowingCode(db, {
    operatorId: input.operatorId,
    purpose: "verify_phone",
    subject: storeCodeSubject(input.clerkUserId, input.phone),
    phone: input.phone,
    code: input.code,
    secretKey: input.secretKey,
    now,
  });
  return db.transaction(async (tx) => {
    await consumeBorrowingCode(tx, codeId, now);
    const borrower = await findOrCreateUser(tx, input.operatorId, input.phone);
    if (borrower.id === input.clerkUserId) throw new DomainError("application.forbidden", { field: "phone" });
    const open = await openApplicationOf(tx, input.operatorId, borrower.id);
    if (open) throw new DomainError("application.open_exists", { field: "phone" });
    const [row] = await tx
      .insert(loanApplications)
      .values({
        operatorId: input.operatorId,
        borrowerUserId: borrower.id,
        createdByUserId: input.clerkUserId,
        channel: "store",
        intakeStoreId: store.id,
        phone: input.phone,
        phoneVerifiedAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordEvent(tx, { operatorId: input.operatorId, applicationId: row!.id, kind: "created_at_store", actorUserId: input.clerkUserId, details: { storeId: store.id, storeCode: store.code } }, now);
    await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.clerkUserId, action: "application.created_at_store", subject: row!.id, details: { storeId: store.id } }, now);
    return row!;
  });
}

export function storeCodeSubject(clerkUserId: string, phone: string): string {
  return `store:${clerkUserId}:${phone}`;
}

export type StepValues =
  | { step: "need"; amountCny: string; termMonths: number; purpose: string; purposeNote: string }
  | { step: "product"; productId: string }
  | { step: "identity"; fullName: string; idNumber: string }
  | { step: "contact"; region: string; village: string; address: string }
  | {
      step: "bank";
      passbookBank: string;
      passbookAccount: string;
      disbursementChannel: "passbook" | "store_cash" | "supplier";
      cashStoreId: string;
      supplierName: string;
      supplierAccount: string;
    }
  | { step: "household"; householdSize: number; annualIncomeCny: string; incomeSource: string }
  | { step: "consent"; consent: boolean };

const ACCOUNT = /^\d{8,30}$/;
const text = (v: string, min: number, max: number) => v.trim().length >= min && v.trim().length <= max;

/**
 * Saves one step of a draft (the borrower's, or the clerk's at the store). Each step is
 * checked on its own; later steps that depend on it (the product on the need) are cleared
 * when it changes, so a draft is never inconsistent.
 */
export async function saveApplicationStep(
  db: Db,
  input: { operatorId: string; applicationId: string; actor: Actor; values: StepValues; secretKey: Uint8Array; deviceId?: string | null; now?: Date },
): Promise<Application> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const { app, as } = await loadApplicationFor(tx, { ...input, allow: ["borrower", "clerk"], forUpdate: true });
    if (app.status !== "draft") throw new DomainError("application.not_draft");
    if (app.channel === "store" && as !== "clerk") throw new DomainError("application.not_found");
    const v = input.values;
    let set: Partial<typeof loanApplications.$inferInsert> = {};
    switch (v.step) {
      case "need": {
        if (!isTypedAmount(v.amountCny) || new Decimal(v.amountCny).lt(100)) throw new DomainError("application.amount_invalid", { field: "amount" });
        if (!Number.isInteger(v.termMonths) || v.termMonths < 1 || v.termMonths > 60) throw new DomainError("application.term_invalid", { field: "termMonths" });
        if (!isLoanPurpose(v.purpose)) throw new DomainError("application.purpose_invalid", { field: "purpose" });
        if (!text(v.purposeNote, 2, 40)) throw new DomainError("application.invalid", { field: "purposeNote" });
        const amount = new Decimal(v.amountCny).toFixed(2);
        const changed = app.amount !== amount || app.termMonths !== v.termMonths || app.purpose !== v.purpose;
        set = { amount, termMonths: v.termMonths, purpose: v.purpose as LoanPurpose, purposeNote: v.purposeNote.trim(), ...(changed ? { productId: null } : {}) };
        break;
      }
      case "product": {
        if (!app.amount || !app.termMonths || !app.purpose) throw new DomainError("application.incomplete", { details: { step: "need" } });
        const matches = matchProducts(await listActiveProducts(tx, input.operatorId), { amountCny: app.amount, termMonths: app.termMonths, purpose: app.purpose });
        if (!matches.some((m) => m.product.id === v.productId)) throw new DomainError("application.product_not_matching", { field: "productId" });
        set = { productId: v.productId };
        break;
      }
      case "identity": {
        const name = v.fullName.trim();
        if (!/^[\u4e00-\u9fa5·]{2,20}$/.test(name)) throw new DomainError("application.name_invalid", { field: "fullName" });
        set = { fullName: name };
        if (v.idNumber.trim() || !app.idNumberEnc) {
          const id = parseResidentId(v.idNumber, beijingDate(now));
          set = {
            ...set,
            idNumberEnc: encryptField(input.secretKey, ID_PURPOSE, id.number),
            idNumberHash: lookupHash(input.secretKey, "id_number", id.number),
            idNumberMasked: maskIdNumber(id.number),
            birthDate: id.birthDate,
          };
        }
        break;
      }
      case "contact": {
        if (!text(v.region, 4, 40)) throw new DomainError("application.region_invalid", { field: "region" });
        if (!text(v.village, 2, 40)) throw new DomainError("application.address_invalid", { field: "village" });
        if (!text(v.address, 2, 80)) throw new DomainError("application.address_invalid", { field: "address" });
        set = { region: v.region.trim(), village: v.village.trim(), address: v.address.trim() };
        break;
      }
      case "bank": {
        if (!text(v.passbookBank, 2, 40)) throw new DomainError("application.account_invalid", { field: "passbookBank" });
        const account = v.passbookAccount.replace(/\s/g, "");
        if (account && !ACCOUNT.test(account)) throw new DomainError("application.account_invalid", { field: "passbookAccount" });
        if (!account && !app.passbookAccountEnc) throw new DomainError("application.account_invalid", { field: "passbookAccount" });
        set = {
          passbookBank: v.passbookBank.trim(),
          ...(account ? { passbookAccountEnc: encryptField(input.secretKey, ACCOUNT_PURPOSE, account), passbookAccountMasked: maskAccount(account) } : {}),
          disbursementChannel: v.disbursementChannel,
          cashStoreId: null,
          supplierName: null,
          supplierAccountEnc: null,
          supplierAccountMasked: null,
        };
        if (v.disbursementChannel === "store_cash") {
          const [store] = v.cashStoreId
            ? await tx.select({ id: stores.id }).from(stores).where(and(eq(stores.operatorId, input.operatorId), eq(stores.id, v.cashStoreId)))
            : [];
          if (!store) throw new DomainError("application.store_required", { field: "cashStoreId" });
          set.cashStoreId = store.id;
        } else if (v.disbursementChannel === "supplier") {
          if (!text(v.supplierName, 2, 60)) throw new DomainError("application.account_invalid", { field: "supplierName" });
          const supplierAccount = v.supplierAccount.replace(/\s/g, "");
          if (!ACCOUNT.test(supplierAccount)) throw new DomainError("application.account_invalid", { field: "supplierAccount" });
          set.supplierName = v.supplierName.trim();
          set.supplierAccountEnc = encryptField(input.secretKey, ACCOUNT_PURPOSE, supplierAccount);
          set.supplierAccountMasked = maskAccount(supplierAccount);
        } else if (v.disbursementChannel !== "passbook") {
          throw new DomainError("application.invalid", { field: "disbursementChannel" });
        }
        break;
      }
      case "household": {
        if (!Number.isInteger(v.householdSize) || v.householdSize < 1 || v.householdSize > 30) throw new DomainError("application.household_invalid", { field: "householdSize" });
        if (!isTypedAmount(v.annualIncomeCny)) throw new DomainError("application.income_invalid", { field: "annualIncome" });
        if (!text(v.incomeSource, 2, 60)) throw new DomainError("application.income_invalid", { field: "incomeSource" });
        set = { householdSize: v.householdSize, annualIncome: new Decimal(v.annualIncomeCny).toFixed(2), incomeSource: v.incomeSource.trim() };
        break;
      }
      case "consent": {
        if (!v.consent) throw new DomainError("application.consent_required", { field: "consent" });
        set = { consentAt: now };
        break;
      }
    }
    if (app.channel === "self" && input.deviceId) set.deviceId = input.deviceId;
    const [row] = await tx.update(loanApplications).set({ ...set, updatedAt: now }).where(eq(loanApplications.id, app.id)).returning();
    return row!;
  });
}

/**
 * Submits a complete draft and runs the preliminary review (初审) at once: every rule's
 * result is stored with its evidence, and the application moves to `in_review`
 * (approved by the rules: a risk officer decides), `referred` (a call-back task is
 * opened) or `rejected`. The operator's data is fetched before the transaction.
 * Submitting twice changes nothing the second time.
 */
export async function submitApplication(
  db: Db,
  input: {
    operatorId: string;
    operatorSlug: string;
    applicationId: string;
    actor: Actor;
    secretKey: Uint8Array;
    operatorData: OperatorDataAdapter;
    ip: string;
    now?: Date;
  },
): Promise<{ application: Application; outcome: Outcome }> {
  const now = input.now ?? new Date();
  const { app: draft } = await loadApplicationFor(db, { ...input, allow: ["borrower", "clerk"] });
  if (draft.status !== "draft") return { application: draft, outcome: draft.prelimOutcome ?? "approve" };
  const missing = firstIncompleteStep(draft);
  if (missing) throw new DomainError("application.incomplete", { details: { step: missing } });
  const idNumber = decryptField(input.secretKey, ID_PURPOSE, draft.idNumberEnc!);
  const operatorData = await input.operatorData.lookup({ operatorSlug: input.operatorSlug, phone: draft.phone, fullName: draft.fullName!, idNumber });

  return db.transaction(async (tx) => {
    const { app } = await loadApplicationFor(tx, { ...input, allow: ["borrower", "clerk"], forUpdate: true });
    if (app.status !== "draft") return { application: app, outcome: app.prelimOutcome ?? ("approve" as Outcome) };
    // One review per person at a time, so two submissions cannot each miss the other.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`person:${Buffer.from(app.idNumberHash!).toString("hex")}`}))`);
    const settings = await getBorrowingSettings(tx, input.operatorId);
    const product = await getProduct(tx, { operatorId: input.operatorId, productId: app.productId! });
    const deviceId = app.channel === "self" ? app.deviceId : null;

    const hits = await findListHits(tx, { operatorId: input.operatorId, secretKey: input.secretKey, idNumber, phone: app.phone, deviceId });
    const listed = (list: "black" | "red") => hits.filter((h) => h.list === list).map((h) => ({ kind: h.kind, masked: h.valueMasked, reason: h.reason }));

    const since = new Date(now.getTime() - settings.multiAppWindowDays * 86_400_000);
    const sameId = eq(loanApplications.idNumberHash, app.idNumberHash!);
    const samePhone = eq(loanApplications.phone, app.phone);
    const sameDevice = deviceId ? eq(loanApplications.deviceId, deviceId) : undefined;
    // Across every operator: one project on one platform.
    const others = await tx
      .select({ idNumberHash: loanApplications.idNumberHash, phone: loanApplications.phone, deviceId: loanApplications.deviceId, channel: loanApplications.channel })
      .from(loanApplications)
      .where(and(ne(loanApplications.id, app.id), gte(loanApplications.submittedAt, since), or(sameId, samePhone, ...(sameDevice ? [sameDevice] : []))));
    const idHex = Buffer.from(app.idNumberHash!).toString("hex");
    const otherApplications = {
      total: others.length,
      byIdNumber: others.filter((o) => o.idNumberHash && Buffer.from(o.idNumberHash).toString("hex") === idHex).length,
      byPhone: others.filter((o) => o.phone === app.phone).length,
      byDevice: deviceId ? others.filter((o) => o.deviceId === deviceId).length : null,
      windowDays: settings.multiAppWindowDays,
    };
    const exposure = await personExposure(tx, { idNumberHash: app.idNumberHash!, borrowerUserId: app.borrowerUserId, excludeApplicationId: app.id });
    const { outcome, results } = evaluateRules(
      { amountCny: app.amount!, annualIncomeCny: app.annualIncome!, blackHits: listed("black"), redHits: listed("red"), otherApplications, exposure, operatorData },
      settings,
    );
    await tx.insert(applicationChecks).values(results.map((r) => ({ applicationId: app.id, rule: r.rule, hit: r.hit, effect: r.effect, evidence: r.evidence, createdAt: now })));
    const status = outcome === "reject" ? "rejected" : outcome === "refer" ? "referred" : "in_review";
    const [row] = await tx
      .update(loanApplications)
      .set({
        status,
        prelimOutcome: outcome,
        submittedAt: now,
        submittedIp: input.ip,
        updatedAt: now,
        ...(outcome === "reject" ? { decidedAt: now, rejectReasons: results.filter((r) => r.effect === "reject").map((r) => r.rule) } : {}),
      })
      .where(eq(loanApplications.id, app.id))
      .returning();
    if (outcome === "refer") await tx.insert(callbackTasks).values({ operatorId: input.operatorId, applicationId: app.id, createdAt: now });
    await tx.insert(userRoles).values({ userId: app.borrowerUserId, role: "borrower" }).onConflictDoNothing();
    await recordEvent(tx, { operatorId: input.operatorId, applicationId: app.id, kind: "submitted", actorUserId: input.actor.userId, details: { productCode: product.code, amount: app.amount } }, now);
    await recordEvent(tx, { operatorId: input.operatorId, applicationId: app.id, kind: `prelim_${outcome}`, actorUserId: null, details: { rules: results.filter((r) => r.hit).map((r) => r.rule) } }, now);
    await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.actor.userId, action: "application.submitted", subject: app.id, details: { outcome, channel: app.channel } }, now);
    return { application: row!, outcome };
  });
}

/** Decrypts the passbook account for a page that must show it to its owner in full (never stored in clear). */
export function revealPassbookAccount(app: Application, secretKey: Uint8Array): string | null {
  return app.passbookAccountEnc ? decryptField(secretKey, ACCOUNT_PURPOSE, app.passbookAccountEnc) : null;
}

export async function getApplicationForActor(db: DbOrTx, input: { operatorId: string; applicationId: string; actor: Actor }) {
  return loadApplicationFor(db, input);
}

/** The product matches of a draft's need, for the product step. */
export async function productMatchesFor(db: DbOrTx, input: { operatorId: string; app: Application }) {
  const { app } = input;
  if (!app.amount || !app.termMonths || !app.purpose) return [];
  return matchProducts(await listActiveProducts(db, input.operatorId), { amountCny: app.amount, termMonths: app.termMonths, purpose: app.purpose });
}

export { inTransaction };
