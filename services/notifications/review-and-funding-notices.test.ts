import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { notifications, userRoles, users } from "../../db/schema";
import { createTestOperator, describeEachDatabase } from "../../db/testing";
import { DEMO_PRODUCTS } from "../demo";
import type { Actor } from "../borrowing/access";
import { approveApplication } from "../borrowing/approve-application";
import { chooseRepaymentChannel } from "../borrowing/choose-repayment-channel";
import { sendBorrowingCode } from "../borrowing/codes";
import { createSandboxOperatorData } from "../borrowing/operator-data";
import { previewAgreements } from "../borrowing/preview-agreements";
import { recordCallback } from "../borrowing/record-callback";
import { rejectApplication } from "../borrowing/reject-application";
import { saveApplicationStep } from "../borrowing/save-application-step";
import { signAgreements } from "../borrowing/signing";
import { startApplication } from "../borrowing/start-application";
import { submitApplication } from "../borrowing/submit-application";
import { residentId, TEST_SECRET } from "../borrowing/testing/fixtures";
import { invest } from "../investing";
import { createInvestor } from "../investing/test-fixtures";
import { createProductVersion, listActiveProducts } from "../lending";
import { createSmsRecorder } from "../sms";
import { CapturingSms } from "../sms/testing/capturing-sms";
import { listNotifications } from "./list-notifications";
import { withInbox } from "./with-inbox";

const notify = withInbox(createSmsRecorder(TEST_SECRET));
const codes = new CapturingSms();

describeEachDatabase("review result, signing and funding reach the borrower's inbox (and SMS)", (ctx) => {
  let db: Db;
  let operatorId = "";
  let borrower: Actor;
  let risk: Actor;
  let productId = "";
  const person = async (phone: string, roles: Actor["roles"][number][]): Promise<Actor> => {
    const [row] = await db.insert(users).values({ operatorId, phone, name: "王小明" }).returning({ id: users.id });
    if (roles.length) await db.insert(userRoles).values(roles.map((role) => ({ userId: row!.id, role })));
    return { userId: row!.id, roles };
  };
  const submitted = async (amount: string) => {
    const id = (await startApplication(db, { operatorId, actor: borrower, deviceId: `device-${amount}` })).id;
    const save = (values: Parameters<typeof saveApplicationStep>[1]["values"]) => saveApplicationStep(db, { operatorId, applicationId: id, actor: borrower, values, secretKey: TEST_SECRET });
    await save({ step: "need", amountCny: amount, termMonths: 12, purpose: "livestock", purposeNote: "补栏 20 头肉牛" });
    await save({ step: "product", productId });
    await save({ step: "identity", fullName: "王小明", idNumber: residentId("19800101", "111") });
    await save({ step: "contact", region: "河南省周口市淮阳区", village: "城关镇王庄村", address: "三组 12 号" });
    await save({ step: "bank", passbookBank: "淮阳农商银行", passbookAccount: "6230 1234 5678 9012", disbursementChannel: "passbook", cashStoreId: "", supplierName: "", supplierAccount: "" });
    await save({ step: "household", householdSize: 4, annualIncomeCny: "200000", incomeSource: "养殖和务工" });
    await save({ step: "consent", consent: true });
    const { application } = await submitApplication(db, { operatorId, operatorSlug: "notices", applicationId: id, actor: borrower, secretKey: TEST_SECRET, operatorData: createSandboxOperatorData(), ip: "127.0.0.1" });
    // A second application by the same person is referred to a call-back first.
    if (application.status === "referred") await recordCallback(db, { operatorId, applicationId: id, actor: risk, outcome: "confirmed", note: "本人接听" });
    return id;
  };
  const inbox = async () => (await listNotifications(db, { userId: borrower.userId })).items.map((i) => `${i.kind}: ${i.text}`);

  beforeAll(async () => {
    db = ctx.db;
    operatorId = (await createTestOperator(db, "notices")).id;
    for (const terms of DEMO_PRODUCTS) await createProductVersion(db, { operatorId, terms });
    productId = (await listActiveProducts(db, operatorId)).find((p) => p.code === "Y001")!.id;
    borrower = await person("18600000001", ["borrower"]);
    risk = await person("18600000004", ["risk_officer"]);
  });

  it("tells the borrower the review's result, the signing and the loan filled, each once, in the SMS's words", async () => {
    const refused = await submitted("20000");
    await rejectApplication(db, { operatorId, applicationId: refused, actor: risk, reasons: ["documents"], notify });
    expect(await inbox()).toEqual(["application_reviewed: 您的借款申请未通过审核。原因请登录平台查看。"]);

    const id = await submitted("10000");
    await approveApplication(db, { operatorId, applicationId: id, actor: risk, finalAmountCny: "10000", productId, notify });
    expect((await inbox())[0]).toBe("application_reviewed: 您的借款申请已审核通过，批准金额¥10,000.00。请登录平台查看借款条件并签约。");

    await chooseRepaymentChannel(db, { operatorId, applicationId: id, actor: borrower, channel: "phone_bill" });
    const { agreements } = await previewAgreements(db, { operatorId, applicationId: id, actor: borrower, operatorNameZh: "中国联通" });
    await sendBorrowingCode(db, { operatorId, purpose: "sign", subject: id, phone: "18600000001", requestIp: "127.0.0.1", secretKey: TEST_SECRET, sms: codes });
    const sign = () => signAgreements(db, { operatorId, operatorNameZh: "中国联通", applicationId: id, actor: borrower, seenHashes: agreements.map((a) => a.documentHash), ip: "10.0.0.8", userAgent: "vitest", secretKey: TEST_SECRET, code: codes.lastCode("18600000001"), notify });
    const { loanId } = await sign();
    await sign(); // a replay tells nobody again
    expect((await inbox())[0]).toBe("loan_signed: 您已签署借款“养殖贷 · 补栏 20 头肉牛”的全部协议，借款¥10,000.00已发布募集，满标后放款。");

    const market = { operatorId, borrowerId: borrower.userId, productId };
    const first = await createInvestor(db, market, "6000.00");
    const second = await createInvestor(db, market, "4000.00");
    await invest(db, { operatorId, investorUserId: first, loanId, amount: "6000", idempotencyKey: `notice-${first}`, notify });
    expect(await inbox()).toHaveLength(3);
    await invest(db, { operatorId, investorUserId: second, loanId, amount: "4000", idempotencyKey: `notice-${second}`, notify });
    expect(await inbox()).toHaveLength(4);
    expect((await inbox())[0]).toBe("loan_funded: 您的借款“养殖贷 · 补栏 20 头肉牛”已满标（¥10,000.00），平台将尽快放款。");
    const rows = await db.select().from(notifications).where(eq(notifications.userId, borrower.userId));
    expect(rows.every((r) => r.smsMessageId !== null)).toBe(true);
  });
});
