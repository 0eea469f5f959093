import Decimal from "decimal.js";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { loanApplications, sandboxBankPassbooks, userRoles } from "../../db/schema";
import {
  approveApplication,
  chooseRepaymentChannel,
  confirmApproval,
  previewAgreements,
  recordCallback,
  rejectApplication,
  saveApplicationStep,
  sendBorrowingCode,
  signAgreements,
  startApplication,
  startStoreApplication,
  storeCodeSubject,
  submitApplication,
  type Actor,
} from "../borrowing";
import { findOrCreateUser } from "../identity/find-or-create-user";
import { isDomainError } from "../shared/errors";
import type { SimBorrower } from "./people";
import type { Rng } from "./random";
import type { SimWorld } from "./world";

export type Origination =
  | { outcome: "signed"; loanId: string; applicationId: string; amount: string; referred: boolean; checker: boolean }
  | { outcome: "rejected"; applicationId: string; referred: boolean; reason: string };

/** A clock for one person's visit: each action a minute or two after the last. */
function visitClock(start: Date) {
  let t = start.getTime();
  return () => new Date((t += 90_000));
}

/**
 * One borrower's application through the real borrowing services: self-service (the
 * borrower's own session) or at the store (the clerk verifies the phone by SMS and fills
 * in the steps); the preliminary review decides. Referred → the risk officer's call-back,
 * then approval; above the checker threshold a second officer confirms. Then the
 * repayment channel, the agreements read and signed with the SMS code (witnessed by the
 * clerk at the store) — which lists the loan for funding.
 */
export async function originateLoan(db: Db, world: SimWorld, borrower: SimBorrower, rng: Rng, at: Date): Promise<Origination> {
  const now = visitClock(at);
  const { operatorId } = world;
  const product = rng.pick(world.products);
  const min = new Decimal(product.minAmount).div(1000).ceil().toNumber();
  const max = Decimal.min(product.maxAmount, 60_000).div(1000).floor().toNumber();
  const amount = String(rng.int(min, Math.max(min, max)) * 1000);

  const { applicant, applicationId } = await openApplication(db, world, borrower, now);
  const save = (values: Parameters<typeof saveApplicationStep>[1]["values"]) =>
    saveApplicationStep(db, { operatorId, applicationId, actor: applicant, values, secretKey: world.secretKey, now: now() });
  const disbursementChannel = borrower.viaStore && rng.chance(0.6) ? "store_cash" : "passbook";
  await fillSteps(save, world, borrower, { productId: product.id, termMonths: product.termMonths, purpose: product.purpose, amount, disbursementChannel });

  const { outcome } = await submitApplication(db, { operatorId, operatorSlug: world.operatorSlug, applicationId, actor: applicant, secretKey: world.secretKey, operatorData: world.operatorData, ip: "10.0.0.3", now: now() });
  const referred = outcome === "refer";
  if (outcome === "reject") return { outcome: "rejected", applicationId, referred, reason: "prelim" };
  if (referred) {
    const failed = rng.chance(0.05);
    await recordCallback(db, { operatorId, applicationId, actor: world.risk1, outcome: failed ? "failed" : "confirmed", note: failed ? "电话核实未通过" : "本人接听，核实用途" , now: now() });
    if (failed) return { outcome: "rejected", applicationId, referred, reason: "callback" };
  }
  // A few applications the risk officer turns down on the documents.
  if (rng.chance(0.03)) {
    await rejectApplication(db, { operatorId, applicationId, actor: world.risk1, reasons: ["documents"], note: "材料不全", now: now() });
    return { outcome: "rejected", applicationId, referred, reason: "documents" };
  }
  let checker = false;
  try {
    const proposed = await approveApplication(db, { operatorId, applicationId, actor: world.risk1, finalAmountCny: amount, productId: product.id, now: now() });
    if (proposed.status === "pending_confirmation") {
      checker = true;
      await confirmApproval(db, { operatorId, applicationId, actor: world.risk2, now: now() });
    }
  } catch (error) {
    if (!isDomainError(error)) throw error;
    await rejectApplication(db, { operatorId, applicationId, actor: world.risk1, reasons: ["exposure"], note: error.code, now: now() }).catch(() => undefined);
    return { outcome: "rejected", applicationId, referred, reason: error.code };
  }

  const signed = await signAndStockPassbook(db, world, borrower, { applicant, applicationId, amount, now });
  return { outcome: "signed", loanId: signed.loanId, applicationId, amount, referred, checker };
}

/** Self-service (the borrower's own session) or at the store (the clerk proves the phone by SMS). */
async function openApplication(db: Db, world: SimWorld, borrower: SimBorrower, now: () => Date): Promise<{ applicant: Actor; applicationId: string }> {
  const { operatorId } = world;
  if (borrower.viaStore) {
    await sendBorrowingCode(db, { operatorId, purpose: "verify_phone", subject: storeCodeSubject(world.clerk.userId, borrower.phone), phone: borrower.phone, requestIp: "10.0.0.2", secretKey: world.secretKey, sms: world.sms, now: now() });
    const app = await startStoreApplication(db, { operatorId, clerkUserId: world.clerk.userId, phone: borrower.phone, code: world.sms.lastCode(borrower.phone), secretKey: world.secretKey, now: now() });
    return { applicant: world.clerk, applicationId: app.id };
  } else {
    const user = await findOrCreateUser(db, operatorId, borrower.phone);
    await db.insert(userRoles).values({ userId: user.id, role: "borrower" }).onConflictDoNothing();
    const applicant: Actor = { userId: user.id, roles: ["borrower"] };
    return { applicant, applicationId: (await startApplication(db, { operatorId, actor: applicant, deviceId: `sim-device-${borrower.n}`, now: now() })).id };
  }
}

type Save = (values: Parameters<typeof saveApplicationStep>[1]["values"]) => Promise<unknown>;

/** The seven steps, as the borrower (or the clerk) fills them in. */
async function fillSteps(
  save: Save,
  world: SimWorld,
  borrower: SimBorrower,
  input: { productId: string; termMonths: number; purpose: string; amount: string; disbursementChannel: "passbook" | "store_cash" },
): Promise<void> {
  await save({ step: "need", amountCny: input.amount, termMonths: input.termMonths, purpose: input.purpose, purposeNote: "模拟申请" });
  await save({ step: "product", productId: input.productId });
  await save({ step: "identity", fullName: borrower.name, idNumber: borrower.idNumber });
  await save({ step: "contact", region: "河南省周口市淮阳区", village: "城关镇王庄村", address: `${1 + (borrower.n % 20)} 组 ${1 + (borrower.n % 50)} 号` });
  await save({ step: "bank", passbookBank: "淮阳农商银行", passbookAccount: borrower.passbookAccount, disbursementChannel: input.disbursementChannel, cashStoreId: world.storeId, supplierName: "", supplierAccount: "" });
  await save({ step: "household", householdSize: 1 + (borrower.n % 6), annualIncomeCny: borrower.incomeCny, incomeSource: "种养殖和务工" });
  await save({ step: "consent", consent: true });
}

/**
 * The repayment channel, the agreements read and signed with the SMS code (which lists the
 * loan), and for a passbook debit the sandbox bank's passbook: on-time and early payers keep
 * it stocked, late payers' debits fail (money comes later, at the store), defaulters' runs dry.
 */
async function signAndStockPassbook(db: Db, world: SimWorld, borrower: SimBorrower, input: { applicant: Actor; applicationId: string; amount: string; now: () => Date }) {
  const { operatorId } = world;
  const { applicant, applicationId, now } = input;
  await chooseRepaymentChannel(db, { operatorId, applicationId, actor: applicant, channel: borrower.channel, storeId: borrower.channel === "store_cash" ? world.storeId : null, now: now() });
  const { agreements } = await previewAgreements(db, { operatorId, applicationId, actor: applicant, operatorNameZh: world.operatorNameZh, now: now() });
  const [app] = await db.select({ phone: loanApplications.phone }).from(loanApplications).where(eq(loanApplications.id, applicationId));
  await sendBorrowingCode(db, { operatorId, purpose: "sign", subject: applicationId, phone: app!.phone, requestIp: "10.0.0.4", secretKey: world.secretKey, sms: world.sms, now: now() });
  const signed = await signAgreements(db, {
    operatorId,
    operatorNameZh: world.operatorNameZh,
    applicationId,
    actor: applicant,
    code: world.sms.lastCode(app!.phone),
    seenHashes: agreements.map((a) => a.documentHash),
    ip: borrower.viaStore ? "10.0.0.9" : "10.1.0.8",
    userAgent: borrower.viaStore ? "store-tablet (simulation)" : "mobile webview (simulation)",
    secretKey: world.secretKey,
    fundingWindowDays: 7,
    now: now(),
  });
  if (borrower.channel === "passbook_debit") {
    // The sandbox bank's passbook for the channel's debits: on-time and early payers keep it
    // stocked, late payers' debits fail (money comes later, at the store), defaulters' runs dry.
    const balance = borrower.behaviour === "late" ? "0.00" : borrower.behaviour === "defaulter" ? new Decimal(input.amount).div(20).toFixed(2) : new Decimal(input.amount).times(2).toFixed(2);
    await db
      .insert(sandboxBankPassbooks)
      .values({ operatorId, accountNo: borrower.passbookAccount, balance })
      .onConflictDoUpdate({ target: [sandboxBankPassbooks.operatorId, sandboxBankPassbooks.accountNo], set: { balance } });
  }
  return signed;
}
