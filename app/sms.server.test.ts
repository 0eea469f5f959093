import { afterEach, describe, expect, it, vi } from "vitest";

const ALIYUN = {
  ALIYUN_SMS_ACCESS_KEY_ID: "id",
  ALIYUN_SMS_ACCESS_KEY_SECRET: "secret",
  ALIYUN_SMS_SIGN_NAME: "普惠金融",
  ALIYUN_SMS_TEMPLATES: "login_code=SMS_1,signing_code=SMS_2,withdrawal_update=SMS_3,loan_unfunded=SMS_4,repayment_due=SMS_5,promise_reminder=SMS_6,loan_disbursement=SMS_7,offer_expired=SMS_8,auto_invest_placed=SMS_9,application_reviewed=SMS_10,loan_signed=SMS_11,loan_funded=SMS_12,repayment_received=SMS_13,return_received=SMS_14,claim_sold=SMS_15",
};

/** A fresh module graph (config and SMS are cached per process) under the given environment. */
async function smsUnder(env: Record<string, string>) {
  vi.resetModules();
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  return import("./sms.server");
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("the portal's SMS wiring", () => {
  it("production never falls back to the sandbox gateway", async () => {
    const { getSms } = await smsUnder({ APP_ENV: "production", APP_SECRET: "a long random secret", ALIYUN_SMS_ACCESS_KEY_ID: "", ALIYUN_SMS_TEMPLATES: "" });
    expect(() => getSms()).toThrow(/sandbox SMS gateway is never used in production/);
  });

  it("outside production without settings: the sandbox gateway", async () => {
    const { getSms } = await smsUnder({ APP_ENV: "development", APP_SECRET: "a long random secret", ALIYUN_SMS_ACCESS_KEY_ID: "" });
    expect(getSms().gateway).toBe("sandbox");
  });

  it("uses Alibaba Cloud whenever it is configured, in production and outside it", async () => {
    for (const APP_ENV of ["production", "development"]) {
      const { getSms } = await smsUnder({ APP_ENV, APP_SECRET: "a long random secret", ...ALIYUN });
      expect(getSms().gateway).toBe("aliyun");
    }
  });
});
