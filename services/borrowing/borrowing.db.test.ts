import { readFile } from "node:fs/promises";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { DEMO_PRODUCTS } from "../demo";
import { agreementSignatures, investments, ledgerAccounts, loanApplications, loanDisbursements, loanInstallments, loans, userRoles, users } from "../../db/schema";
import { getLoanDisclosure } from "../investing/get-loan-disclosure";
import { fundLoanThroughInvestors } from "../investing/test-fixtures";
import { createTestOperator, describeEachDatabase } from "../../db/testing";
import { checkLedger, getAccountByCode, getBalance } from "../ledger";
import { createProductVersion, listActiveProducts, type Product } from "../lending";
import { assignClerk, ensureStore } from "../stores";
import { CapturingSms } from "../sms/testing/capturing-sms";
import { createTestSms } from "../sms/testing/test-sms";
import { createOperatorApiClient } from "../operator-api";
import { startOperatorApiStandIn } from "../operator-api/testing/operator-api-stand-in";
import { createOperatorApiSubscriberData } from "./operator-api-subscriber-data";
import { DomainError } from "../shared/errors";
import type { Actor } from "./access";
import { agreementPdf } from "./agreement-pdf";
import { saveApplicationStep } from "./save-application-step";
import { startApplication } from "./start-application";
import { startStoreApplication, storeCodeSubject } from "./start-store-application";
import { submitApplication } from "./submit-application";
import { sendBorrowingCode } from "./codes";
import { approveApplication } from "./approve-application";
import { confirmApproval } from "./confirm-approval";
import { declineApproval } from "./decline-approval";
import { recordCallback } from "./record-callback";
import { rejectApplication } from "./reject-application";
import { disburseLoan } from "./disburse-loan";
import { approveDisbursement, fetchPayoutResults, payOutLoanThroughSandbox, SandboxPayoutBank } from "../payouts";
import { createSandboxOperatorData } from "./operator-data";
import { changeRepaymentChannel, currentRepaymentChannel } from "./repayment-channel";
import { previewDebitEntrustment } from "./sign-debit-entrustment";
import { addRiskListEntry } from "./add-risk-list-entry";
import { DEFAULT_BORROWING_SETTINGS } from "./borrowing-settings";
import { updateBorrowingSettings } from "./update-borrowing-settings";
import { chooseRepaymentChannel } from "./choose-repayment-channel";
import { previewAgreements } from "./preview-agreements";
import { signAgreements } from "./signing";
import { residentId, TEST_SECRET } from "./testing/fixtures";
import { applicationDetail } from "./get-application-detail";
import { domainErrorCode as rejects } from "../shared/testing/domain-error-code";


const sms = new CapturingSms();
const lastCode = (phone: string) => sms.lastCode(phone);

describeEachDatabase("borrower journey", (ctx) => {
  let db: Db;
  let operatorId: string;
  let storeId: string;
  let byCode: Map<string, Product>;
  const actors: Record<string, Actor> = {};
  const operatorData = createSandboxOperatorData();

  async function user(phone: string, name: string, roles: Actor["roles"][number][]): Promise<Actor> {
    const [row] = await db.insert(users).values({ operatorId, phone, name }).returning({ id: users.id });
    if (roles.length) await db.insert(userRoles).values(roles.map((role) => ({ userId: row!.id, role })));
    return { userId: row!.id, roles };
  }

  /** A complete self-service application, saved step by step. */
  async function fillApplication(actor: Actor, o: { amount: string; purpose: string; code: string; name: string; id: string; income: string; channel?: "passbook" | "store_cash" }, appId?: string) {
    const id = appId ?? (await startApplication(db, { operatorId, actor, deviceId: `device-${actor.userId.slice(0, 8)}` })).id;
    const save = (values: Parameters<typeof saveApplicationStep>[1]["values"]) =>
      saveApplicationStep(db, { operatorId, applicationId: id, actor, values, secretKey: TEST_SECRET });
    await save({ step: "need", amountCny: o.amount, termMonths: 12, purpose: o.purpose, purposeNote: "补栏 20 头肉牛" });
    await save({ step: "product", productId: byCode.get(o.code)!.id });
    await save({ step: "identity", fullName: o.name, idNumber: o.id });
    await save({ step: "contact", region: "河南省周口市淮阳区", village: "城关镇王庄村", address: "三组 12 号" });
    await save({ step: "bank", passbookBank: "淮阳农商银行", passbookAccount: "6230 1234 5678 9012", disbursementChannel: o.channel ?? "passbook", cashStoreId: storeId, supplierName: "", supplierAccount: "" });
    await save({ step: "household", householdSize: 4, annualIncomeCny: o.income, incomeSource: "养殖和务工" });
    await save({ step: "consent", consent: true });
    return id;
  }

  beforeAll(async () => {
    db = ctx.db;
    operatorId = (await createTestOperator(db, "borrowtest")).id;
    for (const terms of DEMO_PRODUCTS) await createProductVersion(db, { operatorId, terms });
    byCode = new Map((await listActiveProducts(db, operatorId)).map((p) => [p.code, p]));
    storeId = (await ensureStore(db, { operatorId, code: "S001", nameZh: "城关营业厅", nameEn: "Store", addressZh: "人民路 88 号" })).id;
    actors.borrower = await user("18600000001", "王小明", ["borrower"]);
    actors.clerk = await user("18600000003", "张店员", ["store_clerk"]);
    await assignClerk(db, { userId: actors.clerk.userId, storeId });
    actors.risk1 = await user("18600000004", "赵风控", ["risk_officer"]);
    actors.risk2 = await user("18600000009", "钱风控", ["risk_officer"]);
    actors.finance = await user("18600000005", "钱会计", ["finance"]);
  });

  it("a borrower applies, is referred, called back, approved by two officers, signs, is funded and disbursed to the passbook", async () => {
    const borrower = actors.borrower!;
    const id = await fillApplication(borrower, { amount: "60000", purpose: "livestock", code: "Y001", name: "王小明", id: residentId("19800101", "111"), income: "80000" });
    // The ID number is stored only encrypted, with a masked copy.
    const [stored] = await db.select().from(loanApplications).where(eq(loanApplications.id, id));
    expect(stored!.idNumberMasked).toMatch(/^411\*{11}\d{3}[\dX]$/);
    expect(Buffer.from(stored!.idNumberEnc!).toString("latin1")).not.toContain("411626");

    const { outcome, application } = await submitApplication(db, { operatorId, operatorSlug: "borrowtest", applicationId: id, actor: borrower, secretKey: TEST_SECRET, operatorData, ip: "127.0.0.1" });
    expect(outcome).toBe("refer");
    expect(application.status).toBe("referred");
    // Submitting again changes nothing.
    expect((await submitApplication(db, { operatorId, operatorSlug: "borrowtest", applicationId: id, actor: borrower, secretKey: TEST_SECRET, operatorData, ip: "127.0.0.1" })).application.status).toBe("referred");

    const detail = await applicationDetail(db, { operatorId, applicationId: id, actor: actors.risk1! });
    expect(detail.checks).toHaveLength(9);
    expect(detail.checks.filter((c) => c.hit).map((c) => c.rule)).toEqual(["income_ratio"]);
    expect(detail.callback).not.toBeNull();

    expect(await rejects(approveApplication(db, { operatorId, applicationId: id, actor: actors.risk1!, finalAmountCny: "60000", productId: byCode.get("Y001")!.id }))).toBe("review.callback_open");
    expect(await rejects(recordCallback(db, { operatorId, applicationId: id, actor: borrower, outcome: "confirmed", note: "本人" }))).toBe("application.forbidden");
    await recordCallback(db, { operatorId, applicationId: id, actor: actors.risk1!, outcome: "confirmed", note: "本人接听，核实用途为补栏肉牛" });

    // Above the ¥50,000 checker threshold: a second officer must confirm, not the first.
    const proposed = await approveApplication(db, { operatorId, applicationId: id, actor: actors.risk1!, finalAmountCny: "55000", productId: byCode.get("Y001")!.id });
    expect(proposed.status).toBe("pending_confirmation");
    expect(await rejects(confirmApproval(db, { operatorId, applicationId: id, actor: actors.risk1! }))).toBe("review.own_approval");
    expect(await rejects(declineApproval(db, { operatorId, applicationId: id, actor: actors.risk1!, note: "撤回" }))).toBe("review.own_approval");
    const approved = await confirmApproval(db, { operatorId, applicationId: id, actor: actors.risk2! });
    expect(approved.status).toBe("approved");
    expect(await rejects(confirmApproval(db, { operatorId, applicationId: id, actor: actors.risk2! }))).toBe("application.wrong_status");
    expect(approved.offer).toMatchObject({ amount: "55000.00", totalRepay: "60499.96", allInAnnualCost: "0.099999", productCode: "Y001" });

    // Repaying by phone bill: no passbook debit, so no debit entrustment to sign.
    await chooseRepaymentChannel(db, { operatorId, applicationId: id, actor: borrower, channel: "phone_bill" });
    const byPhoneBill = await previewAgreements(db, { operatorId, applicationId: id, actor: borrower, operatorNameZh: "中国联通" });
    expect(byPhoneBill.agreements.map((a) => a.title)).toEqual(["借款协议", "信用咨询及管理服务协议", "还款事项提醒函", "风险获知及承诺书"]);
    await chooseRepaymentChannel(db, { operatorId, applicationId: id, actor: borrower, channel: "passbook_debit" });
    const { agreements } = await previewAgreements(db, { operatorId, applicationId: id, actor: borrower, operatorNameZh: "中国联通" });
    expect(agreements.map((a) => a.title)).toEqual(["借款协议", "信用咨询及管理服务协议", "还款事项提醒函", "委托划扣协议书", "风险获知及承诺书"]);
    await sendBorrowingCode(db, { operatorId, purpose: "sign", subject: id, phone: "18600000001", requestIp: "127.0.0.1", secretKey: TEST_SECRET, sms });
    const seenHashes = agreements.map((a) => a.documentHash);
    const signInput = { operatorId, operatorNameZh: "中国联通", applicationId: id, actor: borrower, seenHashes, ip: "10.0.0.8", userAgent: "vitest", secretKey: TEST_SECRET };
    expect(await rejects(signAgreements(db, { ...signInput, code: "000000" === lastCode("18600000001") ? "111111" : "000000" }))).toBe("sms.code_wrong");
    expect(await rejects(signAgreements(db, { ...signInput, code: lastCode("18600000001"), seenHashes: seenHashes.slice(1) }))).toBe("signing.agreements_changed");
    // afterListing (the portal's auto-invest) runs once the listing has committed, and never for a replay.
    const listed: Array<{ loanId: string; status: string | undefined }> = [];
    const afterListing = async (loanId: string) => {
      const [row] = await db.select({ status: loans.status }).from(loans).where(eq(loans.id, loanId));
      listed.push({ loanId, status: row?.status });
    };
    const signed = await signAgreements(db, { ...signInput, code: lastCode("18600000001"), afterListing });
    expect(signed.replayed).toBe(false);
    expect((await signAgreements(db, { ...signInput, code: lastCode("18600000001"), afterListing })).replayed).toBe(true);
    expect(listed).toEqual([{ loanId: signed.loanId, status: "funding" }]);
    const signatures = await db.select().from(agreementSignatures).where(eq(agreementSignatures.applicationId, id));
    expect(signatures).toHaveLength(5);
    // Investors read the review as a summary on the listing (信息披露), in Chinese, nothing identifying.
    const { creditSummary } = await getLoanDisclosure(db, { operatorId, loanId: signed.loanId });
    expect(creditSummary?.grade).toBe("审核通过（已电话回访核实）");
    expect(creditSummary?.notesZh).toEqual(expect.arrayContaining(["未命中平台黑名单", "运营商实名信息一致", "无话费欠费"]));
    expect(creditSummary?.notesZh.join("")).not.toMatch(/[A-Za-z]/);
    expect(signatures[0]).toMatchObject({ ip: "10.0.0.8", userAgent: "vitest" });
    expect(signatures.map((s) => s.documentHash).sort()).toEqual([...seenHashes].sort());

    const [loan] = await db.select().from(loans).where(eq(loans.id, signed.loanId));
    expect(loan).toMatchObject({ status: "funding", amount: "55000.00", applicationId: id, regionZh: "河南省周口市淮阳区" });

    // Funding by registered investors through the invest use case, then finance's payout instruction; booked when the bank's result says paid.
    const now = new Date("2027-01-31T02:00:00Z");
    const bank = new SandboxPayoutBank(db, { clock: () => now });
    const payOut = () => approveDisbursement(db, bank, { operatorId, loanId: loan!.id, actor: actors.finance!, secretKey: TEST_SECRET, now });
    expect(await rejects(payOut())).toBe("payout.not_funded");
    await fundLoanThroughInvestors(db, { operatorId, loanId: loan!.id });
    expect(await rejects(disburseLoan(db, { operatorId, loanId: loan!.id, actor: actors.clerk! }))).toBe("disbursement.wrong_channel");
    expect(await rejects(disburseLoan(db, { operatorId, loanId: loan!.id, actor: actors.finance! }))).toBe("disbursement.wrong_channel");
    expect((await payOut()).instruction.delivered).toBe(true);
    expect(await rejects(payOut())).toBe("payout.not_funded");
    expect((await db.select().from(loans).where(eq(loans.id, loan!.id)))[0]!.status).toBe("disbursing");
    expect(await db.select().from(loanInstallments).where(eq(loanInstallments.loanId, loan!.id))).toEqual([]);
    await fetchPayoutResults(db, bank, { operatorId, now, smsFor: createTestSms().senderFor });
    const [disbursed] = await db.select().from(loanDisbursements).where(eq(loanDisbursements.loanId, loan!.id));
    expect(disbursed!.entryIds).toHaveLength(1);

    const installments = await db.select().from(loanInstallments).where(eq(loanInstallments.loanId, loan!.id)).orderBy(loanInstallments.n);
    expect(installments).toHaveLength(12);
    expect(installments.map((i) => i.dueDate).slice(0, 3)).toEqual(["2027-02-28", "2027-03-31", "2027-04-30"]);
    expect(installments[11]).toMatchObject({ principal: "55000.00", interest: "458.33", status: "scheduled", principalPaid: "0.00" });
    const confirmed = await db.select().from(investments).where(eq(investments.loanId, loan!.id));
    expect(confirmed.every((i) => i.status === "confirmed")).toBe(true);
    const principal = await getAccountByCode(db, { operatorId, code: `loan:principal:${loan!.id}` });
    expect((await getBalance(db, { operatorId, accountId: principal!.id })).postedCny.toFixed(2)).toBe("55000.00");
    const report = await checkLedger(db, { operatorId });
    expect(report.violations).toEqual([]);

    const view = await applicationDetail(db, { operatorId, applicationId: id, actor: borrower });
    expect(view.loan?.status).toBe("disbursed");
    expect(view.nextDue?.n).toBe(1);
    expect(view.events.map((e) => e.kind)).toEqual(["created", "submitted", "prelim_refer", "callback_recorded", "approval_proposed", "approval_confirmed", "signed", "listed", "disbursed"]);

    // Changing the repayment channel needs an SMS code; passbook debit rests on the signed entrustment.
    await sendBorrowingCode(db, { operatorId, purpose: "repayment_channel", subject: loan!.id, phone: "18600000001", requestIp: "127.0.0.1", secretKey: TEST_SECRET, sms });
    expect(await rejects(changeRepaymentChannel(db, { operatorId, applicationId: id, actor: borrower, channel: "passbook_debit", code: lastCode("18600000001"), secretKey: TEST_SECRET }))).toBe("repayment_channel.unchanged");
    await changeRepaymentChannel(db, { operatorId, applicationId: id, actor: borrower, channel: "phone_bill", code: lastCode("18600000001"), secretKey: TEST_SECRET });
    const after = await applicationDetail(db, { operatorId, applicationId: id, actor: borrower });
    expect(after.repaymentChannels.map((c) => c.channel)).toEqual(["phone_bill", "passbook_debit"]);
    expect(after.repaymentChannels[1]!.entrustmentSignatureId).toBe(signatures.find((s) => s.kind === "debit")!.id);
  });

  it("the agreement PDF carries the loan's terms in Chinese (text extracted from the PDF)", async () => {
    const [signature] = await db.select().from(agreementSignatures).where(eq(agreementSignatures.kind, "loan")).limit(1);
    const pdf = await agreementPdf({ title: signature!.title, content: signature!.content, footer: `文档哈希 SHA-256：${signature!.documentHash}` });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
    const document = await pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
    let text = "";
    for (let p = 1; p <= document.numPages; p++) {
      const content = await (await document.getPage(p)).getTextContent();
      text += content.items.map((item) => ("str" in item ? item.str : "")).join("") + "\n";
    }
    for (const expected of ["借款协议", "王小明", "人民币 55,000.00 元", "伍万伍仟元整", "年利率 10.00%", "借款期限 12 个月", "按月付息、到期还本", "应还本息合计 人民币 60,499.96 元", "综合年化成本", "9.9999%", "养殖贷（Y001", signature!.documentHash]) {
      expect(text.replace(/\n/g, "")).toContain(expected);
    }
    // Dated as Chinese documents are, never in ISO form.
    expect(text.replace(/\n/g, "")).toMatch(/签署日期：\d{4}年\d{1,2}月\d{1,2}日/);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    // The font is embedded (a subset), so Chinese renders without fonts on the reader's side.
    expect(pdf.toString("latin1")).toMatch(/\/FontFile3|\/FontFile2/);
    void readFile;
  });

  it("a store clerk applies for a customer (phone verified by SMS), witnesses signing, and hands over the cash", async () => {
    const clerk = actors.clerk!;
    const phone = "18600000021";
    await sendBorrowingCode(db, { operatorId, purpose: "verify_phone", subject: storeCodeSubject(clerk.userId, phone), phone, requestIp: "127.0.0.1", secretKey: TEST_SECRET, sms });
    expect(await rejects(startStoreApplication(db, { operatorId, clerkUserId: clerk.userId, phone, code: "12345x", secretKey: TEST_SECRET }))).toBe("sms.code_wrong");
    const app = await startStoreApplication(db, { operatorId, clerkUserId: clerk.userId, phone, code: lastCode(phone), secretKey: TEST_SECRET });
    expect(app).toMatchObject({ channel: "store", intakeStoreId: storeId, createdByUserId: clerk.userId });
    const customer: Actor = { userId: app.borrowerUserId, roles: [] };
    // The customer's own session cannot edit what the clerk is filling in.
    expect(await rejects(saveApplicationStep(db, { operatorId, applicationId: app.id, actor: customer, values: { step: "consent", consent: true }, secretKey: TEST_SECRET }))).toBe("application.not_found");
    await fillApplication(clerk, { amount: "20000", purpose: "crops", code: "Z001", name: "刘大山", id: residentId("19750505", "333"), income: "60000", channel: "store_cash" }, app.id);
    const { outcome } = await submitApplication(db, { operatorId, operatorSlug: "borrowtest", applicationId: app.id, actor: clerk, secretKey: TEST_SECRET, operatorData, ip: "127.0.0.1" });
    // 186…0021 is a sandbox subscriber of a demo operator prefix only with 1860000; here the rules find it.
    expect(outcome).toBe("approve");
    await approveApplication(db, { operatorId, applicationId: app.id, actor: actors.risk1!, finalAmountCny: "20000", productId: byCode.get("Z001")!.id });
    await chooseRepaymentChannel(db, { operatorId, applicationId: app.id, actor: clerk, channel: "store_cash", storeId });
    const { agreements } = await previewAgreements(db, { operatorId, applicationId: app.id, actor: clerk, operatorNameZh: "中国联通" });
    await sendBorrowingCode(db, { operatorId, purpose: "sign", subject: app.id, phone, requestIp: "127.0.0.1", secretKey: TEST_SECRET, sms });
    const signed = await signAgreements(db, { operatorId, operatorNameZh: "中国联通", applicationId: app.id, actor: clerk, code: lastCode(phone), seenHashes: agreements.map((a) => a.documentHash), ip: "10.0.0.9", userAgent: "store-tablet", secretKey: TEST_SECRET });
    const signatures = await db.select().from(agreementSignatures).where(eq(agreementSignatures.applicationId, app.id));
    expect(signatures.every((s) => s.witnessUserId === clerk.userId && s.signerUserId === customer.userId)).toBe(true);
    expect(signatures.map((s) => s.kind).sort()).toEqual(["loan", "reminder", "risk", "service"]);

    // Moving to passbook debit later signs the debit entrustment then: read (its hash), agreed, under the SMS code.
    const entrustment = await previewDebitEntrustment(db, (await db.select().from(loanApplications).where(eq(loanApplications.id, app.id)))[0]!, { operatorNameZh: "中国联通" });
    expect(entrustment?.title).toBe("委托划扣协议书");
    const move = (seenHash: string | null) => ({ operatorId, applicationId: app.id, actor: clerk, channel: "passbook_debit", code: lastCode(phone), secretKey: TEST_SECRET, entrustment: { operatorNameZh: "中国联通", seenHash, ip: "10.0.0.9", userAgent: "store-tablet" } });
    await sendBorrowingCode(db, { operatorId, purpose: "repayment_channel", subject: signed.loanId, phone, requestIp: "127.0.0.1", secretKey: TEST_SECRET, sms });
    expect(await rejects(changeRepaymentChannel(db, move(null)))).toBe("signing.debit_consent_required");
    expect(await rejects(changeRepaymentChannel(db, move("0".repeat(64))))).toBe("signing.agreements_changed");
    await changeRepaymentChannel(db, move(entrustment!.documentHash));
    const [debit] = await db.select().from(agreementSignatures).where(and(eq(agreementSignatures.applicationId, app.id), eq(agreementSignatures.kind, "debit")));
    expect(debit).toMatchObject({ documentHash: entrustment!.documentHash, witnessUserId: clerk.userId, signerUserId: customer.userId });
    expect((await currentRepaymentChannel(db, signed.loanId))?.entrustmentSignatureId).toBe(debit!.id);

    await fundLoanThroughInvestors(db, { operatorId, loanId: signed.loanId });
    expect(await rejects(disburseLoan(db, { operatorId, loanId: signed.loanId, actor: actors.finance! }))).toBe("disbursement.wrong_channel");
    await disburseLoan(db, { operatorId, loanId: signed.loanId, actor: clerk });
    const cash = await getAccountByCode(db, { operatorId, code: `clearing:store:${storeId}` });
    expect((await getBalance(db, { operatorId, accountId: cash!.id })).postedCny.toFixed(2)).toBe("-20000.00");
    expect((await checkLedger(db, { operatorId })).violations).toEqual([]);
  });

  it("the operator's API down: the review refers the application to a person with the reason, nothing fails", async () => {
    const standIn = await startOperatorApiStandIn({ keyId: "k", secret: "s" });
    try {
      standIn.failNext = 1_000;
      const client = createOperatorApiClient({ baseUrl: standIn.origin, keyId: "k", secret: "s", timeoutMs: 300, maxAttempts: 2, backoffMs: 5 });
      const down = createOperatorApiSubscriberData({ clientFor: async () => client });
      const person = await user("18600000071", "周阿姨", []);
      const id = await fillApplication(person, { amount: "8000", purpose: "livestock", code: "Y001", name: "周阿姨", id: residentId("19750505", "321"), income: "90000" });
      const result = await submitApplication(db, { operatorId, operatorSlug: "borrowtest", applicationId: id, actor: person, secretKey: TEST_SECRET, operatorData: down, ip: "127.0.0.1" });
      expect(result.outcome).toBe("refer");
      expect(result.application.status).toBe("referred");
      const detail = await applicationDetail(db, { operatorId, applicationId: id, actor: actors.risk1! });
      expect(detail.checks.find((c) => c.rule === "operator_subscriber")).toMatchObject({ hit: true, effect: "refer", evidence: { unavailable: "unreachable", source: "operator_api" } });
    } finally {
      await standIn.close();
    }
  });

  it("black list, multi-application and real-name rules reject; the exposure cap holds at approval", async () => {
    const person = await user("18600000031", "赵有才", []);
    const idNumber = residentId("19700303", "555");
    await addRiskListEntry(db, { operatorId, list: "black", kind: "id_number", value: idNumber, reason: "冒用身份", actorUserId: actors.risk1!.userId, secretKey: TEST_SECRET });
    expect(await rejects(addRiskListEntry(db, { operatorId, list: "black", kind: "id_number", value: idNumber, reason: "重复", actorUserId: null, secretKey: TEST_SECRET }))).toBe("risk_list.duplicate");
    const id = await fillApplication(person, { amount: "10000", purpose: "livestock", code: "Y001", name: "赵有才", id: idNumber, income: "90000" });
    const result = await submitApplication(db, { operatorId, operatorSlug: "borrowtest", applicationId: id, actor: person, secretKey: TEST_SECRET, operatorData, ip: "127.0.0.1" });
    expect(result.outcome).toBe("reject");
    expect(result.application.rejectReasons).toEqual(["blacklist"]);

    // The exposure cap at approval, lowered to ¥40,000 for the test: exactly the cap passes, a fen more does not.
    const again = await user("18600000022", "张桂兰", []);
    const idNumber2 = residentId("19820707", "777");
    const first = await fillApplication(again, { amount: "15000", purpose: "crops", code: "Z001", name: "张桂兰", id: idNumber2, income: "90000" });
    expect((await submitApplication(db, { operatorId, operatorSlug: "borrowtest", applicationId: first, actor: again, secretKey: TEST_SECRET, operatorData, ip: "127.0.0.1" })).outcome).toBe("approve");
    await updateBorrowingSettings(db, { operatorId, actorUserId: actors.risk1!.userId, settings: { ...DEFAULT_BORROWING_SETTINGS, exposureCap: "40000.00", checkerThreshold: "100000.00", multiAppReferCount: 5, multiAppRejectCount: 6 } });
    expect(await rejects(approveApplication(db, { operatorId, applicationId: first, actor: actors.risk1!, finalAmountCny: "40000.01", productId: byCode.get("Y001")!.id }))).toBe("review.exposure_cap");
    const atCap = await approveApplication(db, { operatorId, applicationId: first, actor: actors.risk1!, finalAmountCny: "40000.00", productId: byCode.get("Y001")!.id });
    expect(atCap.status).toBe("approved");

    // The same person (same ID number) applying again through another account: their open offer counts.
    const twin = await user("18600000061", "张桂兰", []);
    const second = await fillApplication(twin, { amount: "5000", purpose: "crops", code: "Z001", name: "张桂兰", id: idNumber2, income: "90000" });
    const review = await submitApplication(db, { operatorId, operatorSlug: "borrowtest", applicationId: second, actor: twin, secretKey: TEST_SECRET, operatorData, ip: "127.0.0.1" });
    expect(review.outcome).toBe("reject");
    const detail = await applicationDetail(db, { operatorId, applicationId: second, actor: actors.risk1! });
    const hits = Object.fromEntries(detail.checks.map((c) => [c.rule, c.hit]));
    expect(hits).toMatchObject({ exposure_cap: true, multi_application: false, operator_subscriber: true });
    expect(detail.checks.find((c) => c.rule === "multi_application")!.evidence).toMatchObject({ total: 1, byIdNumber: 1, byPhone: 0 });

    // A rejection needs a reason.
    const third = await user("18600000041", "孙三", []);
    const thirdId = await fillApplication(third, { amount: "5000", purpose: "crops", code: "Z001", name: "孙三", id: residentId("19900909", "999"), income: "90000" });
    await submitApplication(db, { operatorId, operatorSlug: "borrowtest", applicationId: thirdId, actor: third, secretKey: TEST_SECRET, operatorData, ip: "127.0.0.1" });
    expect(await rejects(rejectApplication(db, { operatorId, applicationId: thirdId, actor: actors.risk1!, reasons: [] }))).toBe("review.reason_required");
    expect((await rejectApplication(db, { operatorId, applicationId: thirdId, actor: actors.risk1!, reasons: ["documents"], note: "材料不全" })).status).toBe("rejected");
    await updateBorrowingSettings(db, { operatorId, actorUserId: actors.risk1!.userId, settings: DEFAULT_BORROWING_SETTINGS });
  });

  it("a loan with more investors than one entry holds is disbursed in several balanced entries", async () => {
    const borrower = await user("18600000051", "周大", []);
    const id = await fillApplication(borrower, { amount: "6000", purpose: "crops", code: "Z001", name: "周大", id: residentId("19850505", "135"), income: "90000" });
    await submitApplication(db, { operatorId, operatorSlug: "borrowtest", applicationId: id, actor: borrower, secretKey: TEST_SECRET, operatorData, ip: "127.0.0.1" });
    await db.update(loanApplications).set({ status: "in_review" }).where(eq(loanApplications.id, id));
    await approveApplication(db, { operatorId, applicationId: id, actor: actors.risk1!, finalAmountCny: "3300", productId: byCode.get("Z001")!.id });
    await chooseRepaymentChannel(db, { operatorId, applicationId: id, actor: borrower, channel: "phone_bill" });
    const { agreements } = await previewAgreements(db, { operatorId, applicationId: id, actor: borrower, operatorNameZh: "中国联通" });
    await sendBorrowingCode(db, { operatorId, purpose: "sign", subject: id, phone: "18600000051", requestIp: "127.0.0.1", secretKey: TEST_SECRET, sms });
    const { loanId } = await signAgreements(db, { operatorId, operatorNameZh: "中国联通", applicationId: id, actor: borrower, code: lastCode("18600000051"), seenHashes: agreements.map((a) => a.documentHash), ip: "1.1.1.1", userAgent: "t", secretKey: TEST_SECRET });
    await fundLoanThroughInvestors(db, { operatorId, loanId, investorCount: 33 });
    await payOutLoanThroughSandbox(db, { operatorId, loanId, actor: actors.finance!, secretKey: TEST_SECRET, smsFor: createTestSms().senderFor });
    const [disbursement] = await db.select().from(loanDisbursements).where(eq(loanDisbursements.loanId, loanId));
    expect(disbursement!.entryIds).toHaveLength(2);
    expect((await checkLedger(db, { operatorId })).violations).toEqual([]);
    const claims = await db.select().from(ledgerAccounts).where(eq(ledgerAccounts.operatorId, operatorId));
    expect(claims.filter((a) => a.code.startsWith("claim:") && a.code.endsWith(loanId))).toHaveLength(33);
  });
});
