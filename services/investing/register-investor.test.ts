import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { agreementConsents, investorProfiles, userRoles, users } from "../../db/schema";
import { createUser } from "../ledger/test-fixtures";
import { DomainError } from "../shared/errors";
import { getInvestorStatus } from "./get-investor-status";
import { decryptField } from "../shared/crypto/field-encryption";
import { InvestorFormError, PII, registerInvestor } from "./register-investor";
import { submitRiskAssessment } from "./submit-risk-assessment";
import { AGGRESSIVE_ANSWERS, CONSERVATIVE_ANSWERS, createMarket, TEST_SECRET, testCardNumber, testIdNumber } from "./test-fixtures";

const ALL = ["investor-service", "risk-disclosure", "custody-authorisation"];

describeEachDatabase("real-name registration and risk assessment", (ctx) => {
  it("stores the ID number and card encrypted, shows them masked, records consent and grants the investor role", async () => {
    const market = await createMarket(ctx.db);
    const userId = await createUser(ctx.db, market.operatorId);
    const idNumber = testIdNumber();
    const card = testCardNumber();
    const result = await registerInvestor(ctx.db, {
      operatorId: market.operatorId,
      userId,
      legalName: "李娟",
      idNumber,
      bankCode: "CCB",
      bankCard: card,
      consentedAgreements: ALL,
      secretKey: TEST_SECRET,
      clientIp: "127.0.0.1",
    });
    expect(result.idNumberMasked).toBe(`${idNumber.slice(0, 3)}***********${idNumber.slice(-4)}`);
    expect(result.bankCardMasked).toBe(`${card.slice(0, 4)} **** **** ${card.slice(-4)}`);

    // At rest: no column holds the number or the card in the clear.
    const dump = await ctx.db.execute(sql`select row_to_json(p)::text as row from investor_profiles p where user_id = ${userId}`);
    const text = JSON.stringify(dump);
    expect(text).not.toContain(idNumber);
    expect(text).not.toContain(card);
    const [row] = await ctx.db.select().from(investorProfiles).where(eq(investorProfiles.userId, userId));
    expect(decryptField(TEST_SECRET, PII.idNumber.purpose, row!.idNumberEncrypted, PII.idNumber.boundTo(userId))).toBe(idNumber);
    expect(decryptField(TEST_SECRET, PII.bankCard.purpose, row!.bankCardEncrypted, PII.bankCard.boundTo(userId))).toBe(card);
    expect(() => decryptField(new Uint8Array(32), PII.idNumber.purpose, row!.idNumberEncrypted, PII.idNumber.boundTo(userId))).toThrow();

    const consents = await ctx.db.select().from(agreementConsents).where(eq(agreementConsents.userId, userId));
    expect(consents.map((c) => `${c.agreementCode}@${c.agreementVersion}`).sort()).toEqual(ALL.map((c) => `${c}@2026-11-01`).sort());
    expect(consents.every((c) => /^[0-9a-f]{64}$/.test(c.textHash))).toBe(true);
    expect((await ctx.db.select().from(userRoles).where(eq(userRoles.userId, userId))).map((r) => r.role)).toContain("investor");
    expect((await ctx.db.select({ name: users.name }).from(users).where(eq(users.id, userId)))[0]?.name).toBe("李娟");

    const status = await getInvestorStatus(ctx.db, { operatorId: market.operatorId, userId });
    expect(status).toMatchObject({ isInvestor: true, ready: false, risk: null, profile: { idNumberMasked: result.idNumberMasked, bankCode: "CCB" } });
  });

  it("reports every bad field at once, and writes nothing", async () => {
    const market = await createMarket(ctx.db);
    const userId = await createUser(ctx.db, market.operatorId);
    const error = await registerInvestor(ctx.db, {
      operatorId: market.operatorId,
      userId,
      legalName: "李",
      idNumber: "410102199003071234",
      bankCode: "NOPE",
      bankCard: "6222021234567890",
      consentedAgreements: ["investor-service"],
      secretKey: TEST_SECRET,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvestorFormError);
    expect((error as InvestorFormError).errors.map((e) => [e.field, e.code])).toEqual([
      ["legalName", "investor.name_invalid"],
      ["idNumber", "investor.id_number_checksum"],
      ["bankCode", "investor.bank_invalid"],
      ["bankCard", "investor.bank_card_invalid"],
      ["consent", "investor.consent_required"],
    ]);
    expect(await ctx.db.select().from(investorProfiles).where(eq(investorProfiles.userId, userId))).toHaveLength(0);
  });

  it("registers one identity once per operator, and a person once", async () => {
    const market = await createMarket(ctx.db);
    const [a, b] = [await createUser(ctx.db, market.operatorId), await createUser(ctx.db, market.operatorId)];
    const idNumber = testIdNumber();
    const input = { operatorId: market.operatorId, legalName: "张三", idNumber, bankCode: "ABC", bankCard: testCardNumber(), consentedAgreements: ALL, secretKey: TEST_SECRET };
    await registerInvestor(ctx.db, { ...input, userId: a! });
    const again = await registerInvestor(ctx.db, { ...input, userId: a! }).catch((e: DomainError) => e.code);
    expect(again).toBe("investor.already_registered");
    const other = await registerInvestor(ctx.db, { ...input, userId: b! }).catch((e: DomainError) => e.code);
    expect(other).toBe("investor.id_number_taken");
  });

  it("grades the questionnaire, needs every answer, and expires after a year", async () => {
    const market = await createMarket(ctx.db);
    const userId = await createUser(ctx.db, market.operatorId);
    const incomplete = await submitRiskAssessment(ctx.db, { operatorId: market.operatorId, userId, answers: { age: "a" } }).catch((e: DomainError) => [e.code, e.field]);
    expect(incomplete).toEqual(["risk.incomplete", "q_income"]);
    const at = new Date("2026-01-10T00:00:00Z");
    expect((await submitRiskAssessment(ctx.db, { operatorId: market.operatorId, userId, answers: CONSERVATIVE_ANSWERS, now: at })).grade).toBe("conservative");
    const later = new Date("2026-02-01T00:00:00Z");
    const aggressive = await submitRiskAssessment(ctx.db, { operatorId: market.operatorId, userId, answers: AGGRESSIVE_ANSWERS, now: later });
    expect(aggressive.grade).toBe("aggressive");
    const fresh = await getInvestorStatus(ctx.db, { operatorId: market.operatorId, userId, now: new Date("2026-06-01T00:00:00Z") });
    expect(fresh.risk).toMatchObject({ grade: "aggressive", expired: false });
    const stale = await getInvestorStatus(ctx.db, { operatorId: market.operatorId, userId, now: new Date("2027-02-02T00:00:00Z") });
    expect(stale.risk?.expired).toBe(true);
  });
});
