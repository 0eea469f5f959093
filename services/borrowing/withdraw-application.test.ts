import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { loanApplications, userRoles, users } from "../../db/schema";
import { createTestOperator, describeEachDatabase } from "../../db/testing";
import { DEMO_PRODUCTS } from "../demo";
import { CHANNEL_AND_COLLECTION_STEPS } from "../jobs/default-due-steps";
import { createProductVersion, listActiveProducts, type Product } from "../lending";
import { runDueProcessing } from "../repayment/run-due-processing";
import { domainErrorCode as rejects } from "../shared/testing/domain-error-code";
import { createTestSms, smsBodiesTo } from "../sms/testing/test-sms";
import type { Actor } from "./access";
import { approveApplication } from "./approve-application";
import { expireOffers } from "./expire-offers";
import { personExposure } from "./exposure";
import { applicationDetail } from "./get-application-detail";
import { offerExpiresAt, OFFER_VALID_DAYS } from "./limits";
import { createSandboxOperatorData } from "./operator-data";
import { recordCallback } from "./record-callback";
import { saveApplicationStep } from "./save-application-step";
import { startApplication } from "./start-application";
import { submitApplication } from "./submit-application";
import { residentId, TEST_SECRET } from "./testing/fixtures";
import { withdrawApplication } from "./withdraw-application";
import { CapturingSms } from "../sms/testing/capturing-sms";
import { chooseRepaymentChannel } from "./choose-repayment-channel";
import { sendBorrowingCode } from "./codes";
import { previewAgreements } from "./preview-agreements";
import { signAgreements } from "./signing";

const DAY_MS = 24 * 60 * 60 * 1000;

describeEachDatabase("borrower withdraws, declines, and offers expire", (ctx) => {
  let db: Db;
  let operatorId: string;
  let product: Product;
  let risk: Actor;
  let phoneSeq = 0;

  async function user(phone: string, roles: Actor["roles"][number][]): Promise<Actor> {
    const [row] = await db.insert(users).values({ operatorId, phone, name: "测试" }).returning({ id: users.id });
    if (roles.length) await db.insert(userRoles).values(roles.map((role) => ({ userId: row!.id, role })));
    return { userId: row!.id, roles };
  }

  /** A sandbox subscriber (王小明's number, clean record) applies for ¥30,000 with enough income: in review at once. */
  async function applicationInReview(idNumber: string, now: Date) {
    const borrower = await user(`1860000${String(100 + phoneSeq++).padStart(4, "0")}`, ["borrower"]);
    const id = (await startApplication(db, { operatorId, actor: borrower, deviceId: `device-${phoneSeq}` })).id;
    const save = (values: Parameters<typeof saveApplicationStep>[1]["values"]) => saveApplicationStep(db, { operatorId, applicationId: id, actor: borrower, values, secretKey: TEST_SECRET });
    await save({ step: "need", amountCny: "30000", termMonths: 12, purpose: "livestock", purposeNote: "补栏肉牛" });
    await save({ step: "product", productId: product.id });
    await save({ step: "identity", fullName: "王小明", idNumber });
    await save({ step: "contact", region: "河南省周口市淮阳区", village: "城关镇王庄村", address: "三组 12 号" });
    await save({ step: "bank", passbookBank: "淮阳农商银行", passbookAccount: "6230123456789012", disbursementChannel: "passbook", cashStoreId: "", supplierName: "", supplierAccount: "" });
    await save({ step: "household", householdSize: 4, annualIncomeCny: "200000", incomeSource: "养殖" });
    await save({ step: "consent", consent: true });
    await submitApplication(db, { operatorId, operatorSlug: "withdrawtest", applicationId: id, actor: borrower, secretKey: TEST_SECRET, operatorData: createSandboxOperatorData(), ip: "127.0.0.1", now });
    // Numbers without operator data (and repeat applications) are referred: the call-back clears them for review.
    const [submitted] = await db.select().from(loanApplications).where(eq(loanApplications.id, id));
    if (submitted!.status === "referred") await recordCallback(db, { operatorId, applicationId: id, actor: risk, outcome: "confirmed", note: "本人接听，核实用途" });
    const [row] = await db.select().from(loanApplications).where(eq(loanApplications.id, id));
    return { id, borrower, row: row! };
  }

  beforeAll(async () => {
    db = ctx.db;
    operatorId = (await createTestOperator(db, "withdrawtest")).id;
    for (const terms of DEMO_PRODUCTS) await createProductVersion(db, { operatorId, terms });
    product = (await listActiveProducts(db, operatorId)).find((p) => p.code === "Y001")!;
    risk = await user("18600000004", ["risk_officer"]);
  });

  it("a borrower withdraws before the offer and declines an offer, with an optional reason; the offer's exposure is released", async () => {
    const idNumber = residentId("19800101", "151");
    const first = await applicationInReview(idNumber, new Date());
    const withdrawn = await withdrawApplication(db, { operatorId, applicationId: first.id, actor: first.borrower, reason: "家里凑够了钱" });
    expect(withdrawn).toMatchObject({ status: "withdrawn", closeReason: "家里凑够了钱" });
    expect((await withdrawApplication(db, { operatorId, applicationId: first.id, actor: first.borrower })).status).toBe("withdrawn");
    expect(await rejects(approveApplication(db, { operatorId, applicationId: first.id, actor: risk, finalAmountCny: "30000", productId: product.id }))).toBe("application.wrong_status");

    const second = await applicationInReview(idNumber, new Date());
    await approveApplication(db, { operatorId, applicationId: second.id, actor: risk, finalAmountCny: "30000", productId: product.id });
    const hash = second.row.idNumberHash!;
    expect((await personExposure(db, { idNumberHash: hash, borrowerUserId: second.borrower.userId })).outstandingCny).toBe("30000.00");
    // Only the borrower: the risk officer cannot withdraw it for them; a reason over 200 characters is refused beside the field.
    expect(await rejects(withdrawApplication(db, { operatorId, applicationId: second.id, actor: risk }))).toBe("application.not_found");
    expect(await rejects(withdrawApplication(db, { operatorId, applicationId: second.id, actor: second.borrower, reason: "长".repeat(201) }))).toBe("application.reason_too_long");
    const declined = await withdrawApplication(db, { operatorId, applicationId: second.id, actor: second.borrower, reason: "  " });
    expect(declined).toMatchObject({ status: "declined", closeReason: null });
    expect(await personExposure(db, { idNumberHash: hash, borrowerUserId: second.borrower.userId })).toMatchObject({ outstandingCny: "0.00", offers: 0 });
    const view = await applicationDetail(db, { operatorId, applicationId: second.id, actor: second.borrower });
    expect(view.events.map((e) => e.kind).slice(-1)).toEqual(["declined"]);
  });

  it("an offer unsigned for the configured days expires in daily due processing, releasing the exposure and telling the borrower by SMS", async () => {
    const issued = new Date("2027-03-01T02:00:00Z");
    const app = await applicationInReview(residentId("19810303", "262"), issued);
    await approveApplication(db, { operatorId, applicationId: app.id, actor: risk, finalAmountCny: "30000", productId: product.id, now: issued });
    expect(offerExpiresAt(issued).toISOString()).toBe(new Date(issued.getTime() + OFFER_VALID_DAYS * DAY_MS).toISOString());
    const sms = createTestSms();
    const dayBefore = new Date(issued.getTime() + (OFFER_VALID_DAYS - 1) * DAY_MS);
    expect(await expireOffers(db, { operatorId, now: dayBefore, smsFor: sms.senderFor })).toEqual({ expired: [] });

    const due = new Date(issued.getTime() + OFFER_VALID_DAYS * DAY_MS + 60_000);
    // Past its validity the offer cannot be signed, even before the day's run marks it expired.
    await chooseRepaymentChannel(db, { operatorId, applicationId: app.id, actor: app.borrower, channel: "phone_bill", now: due });
    const codes = new CapturingSms();
    await sendBorrowingCode(db, { operatorId, purpose: "sign", subject: app.id, phone: app.row.phone, requestIp: "127.0.0.1", secretKey: TEST_SECRET, sms: codes, now: due });
    const { agreements } = await previewAgreements(db, { operatorId, applicationId: app.id, actor: app.borrower, operatorNameZh: "中国联通" });
    const sign = signAgreements(db, { operatorId, operatorNameZh: "中国联通", applicationId: app.id, actor: app.borrower, code: codes.lastCode(app.row.phone), seenHashes: agreements.map((a) => a.documentHash), ip: "10.0.0.8", userAgent: "vitest", secretKey: TEST_SECRET, now: due });
    expect(await rejects(sign)).toBe("application.offer_expired");
    const run = await runDueProcessing(db, { operatorId, date: "2027-03-15", now: due, deps: { smsSenderFor: sms.senderFor, extraSteps: CHANNEL_AND_COLLECTION_STEPS } });
    expect(run.progress.offer_expiry).toMatchObject({ done: 1 });
    const [row] = await db.select().from(loanApplications).where(eq(loanApplications.id, app.id));
    expect(row).toMatchObject({ status: "expired" });
    expect(await personExposure(db, { idNumberHash: row!.idNumberHash!, borrowerUserId: app.borrower.userId })).toMatchObject({ outstandingCny: "0.00", offers: 0 });
    const messages = await smsBodiesTo(db, operatorId, row!.phone);
    expect(messages[0]).toContain(`您获批的借款¥30,000.00超过${OFFER_VALID_DAYS}天未签约，借款条件已过期`);
    // Run again: nothing more, no second message; an expired offer cannot be withdrawn or declined.
    expect(await expireOffers(db, { operatorId, now: due, smsFor: sms.senderFor })).toEqual({ expired: [] });
    expect(await smsBodiesTo(db, operatorId, row!.phone)).toHaveLength(messages.length);
    expect(await rejects(withdrawApplication(db, { operatorId, applicationId: app.id, actor: app.borrower }))).toBe("application.wrong_status");
  });
});
