import { describe, expect, it } from "vitest";
import { checkSmsParams, renderSmsBody, SMS_TEMPLATES, templateVariables } from "./render-sms-body";
import { SMS_KINDS } from "./sms-kinds";

describe("SMS bodies by kind", () => {
  it("has one template per kind, each with at least one variable", () => {
    expect(Object.keys(SMS_TEMPLATES).sort()).toEqual([...SMS_KINDS].sort());
    for (const kind of SMS_KINDS) expect(templateVariables(kind).length).toBeGreaterThan(0);
  });

  it("renders the sign and the filled-in template", () => {
    expect(renderSmsBody("login_code", { code: "123456", minutes: "5" }, "中国联通·普惠金融")).toBe(
      "【中国联通·普惠金融】您的登录验证码是123456，5分钟内有效。请勿告诉他人。",
    );
  });

  it("refuses parameters the template lacks or that are not strings", () => {
    expect(() => checkSmsParams("login_code", { code: "123456" })).toThrow(/minutes/);
    expect(() => checkSmsParams("withdrawal_update", { amount: 5, detail: "x" })).toThrow(/amount/);
    expect(() => checkSmsParams("withdrawal_update", { amount: "¥5.00", detail: "已到账" })).not.toThrow();
  });
});
