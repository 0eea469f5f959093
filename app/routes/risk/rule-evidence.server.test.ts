import { describe, expect, it } from "vitest";
import { evaluateRules } from "../../../services/borrowing/review-rules";
import { DEFAULT_BORROWING_SETTINGS } from "../../../services/borrowing/borrowing-settings";
import { catalogues, translator } from "../../i18n/messages";
import { describeRuleEvidence } from "./rule-evidence.server";

describe("review rule evidence as a risk officer reads it", () => {
  const { results } = evaluateRules(
    {
      amountCny: "50000.00",
      annualIncomeCny: "60000.00",
      blackHits: [],
      redHits: [{ kind: "phone", masked: "186****0066", reason: "老客户" }],
      otherApplications: { total: 1, byIdNumber: 1, byPhone: 0, byDevice: null, windowDays: 30 },
      exposure: { outstandingCny: "5000.00" },
      operatorData: { subscriber: true, tenureMonths: 30, arrearsCny: "0.00", realNameMatch: true, source: "sandbox" },
    },
    DEFAULT_BORROWING_SETTINGS,
  );
  const zh = translator(catalogues["zh-CN"]);
  const lines = Object.fromEntries(results.map((r) => [r.rule, describeRuleEvidence(r.rule, r.evidence, zh)]));

  it("has a Chinese sentence for every rule, with no field names, raw ratios or unformatted amounts", () => {
    for (const [rule, line] of Object.entries(lines)) {
      expect(line, rule).not.toBe("");
      expect(line, rule).not.toMatch(/[a-zA-Z]{3,}/);
      expect(line, rule).not.toMatch(/¥\d{4,}/);
    }
    expect(lines.exposure_cap).toBe("现有借款余额 ¥5,000.00，本次申请 ¥50,000.00，合计 ¥55,000.00；上限 ¥200,000.00");
    expect(lines.income_ratio).toContain("家庭年收入 ¥60,000.00");
    expect(lines.income_ratio).toMatch(/超过年收入的 \d+%/);
    expect(lines.redlist).toBe("命中：手机号 186****0066（老客户）");
    expect(lines.blacklist).toBe("未命中名单");
    expect(lines.multi_application).toBe("近 30 天其他申请 1 笔（同身份证 1 笔、同手机号 0 笔）；1 笔起转人工，3 笔起拒绝");
  });
});
