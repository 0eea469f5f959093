import { describe, expect, it } from "vitest";
import { productionBoundaryError, readBoundarySettings } from "./boundaries.server";

const complete = {
  APP_SECRET: "a long random secret",
  DATABASE_URL: "postgres://db/portal",
  ALIYUN_SMS_ACCESS_KEY_ID: "id",
  ALIYUN_SMS_ACCESS_KEY_SECRET: "secret",
  ALIYUN_SMS_SIGN_NAME: "普惠金融",
  ALIYUN_SMS_TEMPLATES: "login_code=SMS_1,signing_code=SMS_2,withdrawal_update=SMS_3,loan_unfunded=SMS_4,repayment_due=SMS_5,promise_reminder=SMS_6,loan_disbursement=SMS_7,offer_expired=SMS_8,auto_invest_placed=SMS_9,application_reviewed=SMS_10,loan_signed=SMS_11,loan_funded=SMS_12,repayment_received=SMS_13,return_received=SMS_14,claim_sold=SMS_15",
  BANK_DROP_DIR: "/mnt/bank",
  OPERATOR_API_UNICOM_URL: "https://api.unicom.example/",
  OPERATOR_API_UNICOM_KEY_ID: "k",
  OPERATOR_API_UNICOM_SECRET: "s",
};

describe("production boundary settings", () => {
  it("with nothing set, names every missing variable in one message", () => {
    const settings = readBoundarySettings({}, ["unicom", "mobile"]);
    expect(settings.missing).toEqual([
      "APP_SECRET",
      "DATABASE_URL (production runs on PostgreSQL, not the embedded database)",
      "ALIYUN_SMS_ACCESS_KEY_ID",
      "ALIYUN_SMS_ACCESS_KEY_SECRET",
      "ALIYUN_SMS_SIGN_NAME",
      "ALIYUN_SMS_TEMPLATES (login_code, signing_code, withdrawal_update, loan_unfunded, repayment_due, promise_reminder, loan_disbursement, offer_expired, auto_invest_placed, application_reviewed, loan_signed, loan_funded, repayment_received, return_received, claim_sold)",
      "BANK_DROP_DIR",
      "OPERATOR_API_UNICOM_URL",
      "OPERATOR_API_UNICOM_KEY_ID",
      "OPERATOR_API_UNICOM_SECRET",
      "OPERATOR_API_MOBILE_URL",
      "OPERATOR_API_MOBILE_KEY_ID",
      "OPERATOR_API_MOBILE_SECRET",
    ]);
    const error = productionBoundaryError(settings)!;
    expect(error.message).toContain("ALIYUN_SMS_ACCESS_KEY_ID");
    expect(error.message).toContain("OPERATOR_API_MOBILE_SECRET");
  });

  it("before the database opens, announces the operators' settings instead of naming them", () => {
    const settings = readBoundarySettings(complete, null);
    expect(settings.missing).toEqual(["OPERATOR_API_<SLUG>_URL, _KEY_ID, _SECRET for each operator (checked once the database opens)"]);
  });

  it("reads a complete configuration", () => {
    const settings = readBoundarySettings(complete, ["unicom"]);
    expect(settings.missing).toEqual([]);
    expect(productionBoundaryError(settings)).toBeNull();
    expect(settings.sms).toMatchObject({ endpoint: "dysmsapi.aliyuncs.com", templates: { login_code: "SMS_1", promise_reminder: "SMS_6" } });
    expect(settings.operatorApis.unicom).toEqual({ baseUrl: "https://api.unicom.example/", keyId: "k", secret: "s" });
  });

  it("a template list missing one kind, or an operator API over plain http, is not complete", () => {
    const settings = readBoundarySettings({ ...complete, ALIYUN_SMS_TEMPLATES: "login_code=SMS_1", OPERATOR_API_UNICOM_URL: "http://api.unicom.example/" }, ["unicom"]);
    expect(settings.missing).toEqual([
      "ALIYUN_SMS_TEMPLATES (signing_code, withdrawal_update, loan_unfunded, repayment_due, promise_reminder, loan_disbursement, offer_expired, auto_invest_placed, application_reviewed, loan_signed, loan_funded, repayment_received, return_received, claim_sold)",
      "OPERATOR_API_UNICOM_URL (must be https://)",
    ]);
  });
});
