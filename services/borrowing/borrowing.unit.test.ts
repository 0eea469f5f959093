import Decimal from "decimal.js";
import { describe, expect, it } from "vitest";
import { DomainError } from "../shared/errors";
import type { Product } from "../lending/products";
import { amountInWords } from "./amount-in-words";
import { decryptField, encryptField } from "../shared/crypto/field-encryption";
import { lookupHash } from "../shared/crypto/lookup-hash";
import { maskIdNumber, parseResidentId } from "../shared/resident-id";
import { allInAnnualCost, legalCap } from "./irr";
import { matchProducts } from "./matching";
import { buildOffer } from "./offer";
import { evaluateRules, type ReviewFacts } from "./review-rules";
import { DEFAULT_BORROWING_SETTINGS } from "./borrowing-settings";
import { residentId, TEST_SECRET } from "./testing/fixtures";

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return null;
};

describe("resident ID numbers (GB 11643-1999)", () => {
  it("accepts a valid number, normalises x, reads birth date and gender", () => {
    const id = residentId("19800101", "123");
    expect(parseResidentId(id, "2026-11-21")).toEqual({ number: id, birthDate: "1980-01-01", gender: "male" });
    // A published example with an X check character.
    expect(parseResidentId("11010519491231002x", "2026-11-21").number).toBe("11010519491231002X");
  });
  it("refuses a wrong check digit, bad formats and unknown provinces", () => {
    const id = residentId("19800101");
    const wrong = id.slice(0, 17) + (id[17] === "0" ? "1" : "0");
    expect(code(() => parseResidentId(wrong, "2026-11-21"))).toBe("id_number.invalid_checksum");
    expect(code(() => parseResidentId("41162619800101123", "2026-11-21"))).toBe("id_number.invalid_format");
    expect(code(() => parseResidentId("991626198001011234", "2026-11-21"))).toBe("id_number.invalid_format");
  });
  it("refuses impossible and future birth dates", () => {
    expect(code(() => parseResidentId(residentId("19800230"), "2026-11-21"))).toBe("id_number.invalid_birth_date");
    expect(code(() => parseResidentId(residentId("20270101"), "2026-11-21"))).toBe("id_number.invalid_birth_date");
  });
  it("is adult on the 18th birthday, not the day before", () => {
    const id = residentId("20081121");
    expect(parseResidentId(id, "2026-11-21").birthDate).toBe("2008-11-21");
    expect(code(() => parseResidentId(id, "2026-11-20"))).toBe("id_number.not_adult");
  });
  it("masks all but the first three and last four characters", () => {
    expect(maskIdNumber("411626198001011234")).toBe("411***********1234");
  });
});

describe("personal data at rest", () => {
  it("round-trips under AES-256-GCM and refuses a tampered or mislabelled field", () => {
    const sealed = encryptField(TEST_SECRET, "id_number", "411626198001011234");
    expect(Buffer.from(sealed).toString("utf8")).not.toContain("411626");
    expect(decryptField(TEST_SECRET, "id_number", sealed)).toBe("411626198001011234");
    const tampered = new Uint8Array(sealed);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => decryptField(TEST_SECRET, "id_number", tampered)).toThrow();
    expect(() => decryptField(TEST_SECRET, "bank_account", sealed)).toThrow();
    expect(() => decryptField(new Uint8Array(32).fill(8), "id_number", sealed)).toThrow();
  });
  it("gives a stable keyed hash per kind and value", () => {
    expect(lookupHash(TEST_SECRET, "phone", "18600000001")).toEqual(lookupHash(TEST_SECRET, "phone", "18600000001"));
    expect(lookupHash(TEST_SECRET, "phone", "18600000001")).not.toEqual(lookupHash(TEST_SECRET, "device", "18600000001"));
  });
});

describe("amount in Chinese capitals", () => {
  it.each([
    ["50000.00", "伍万元整"],
    ["80000", "捌万元整"],
    ["1234.56", "壹仟贰佰叁拾肆元伍角陆分"],
    ["100010.05", "壹拾万零壹拾元零伍分"],
    ["20000.50", "贰万元伍角"],
    ["0.07", "柒分"],
    ["1005", "壹仟零伍元整"],
  ])("%s → %s", (amount, words) => {
    expect(amountInWords(amount)).toBe(words);
  });
});

const product = (over: Partial<Product>): Product => ({
  id: over.code ?? "P",
  operatorId: "op",
  code: "P",
  version: 1,
  nameZh: "产品",
  nameEn: "Product",
  purpose: "livestock",
  minAmount: "5000.00",
  maxAmount: "80000.00",
  annualRate: "0.100000",
  termMonths: 12,
  method: "interest-only",
  serviceFeeRate: "0.100000",
  penaltyDailyRate: "0.000500",
  riskLevel: "medium",
  active: true,
  createdByUserId: null,
  createdAt: new Date(0),
  ...over,
});

describe("product matching", () => {
  const library = [
    product({ code: "X001", purpose: "study", minAmount: "1000.00", maxAmount: "20000.00", termMonths: 10, annualRate: "0.040000" }),
    product({ code: "Y001", purpose: "livestock", maxAmount: "80000.00", termMonths: 12 }),
    product({ code: "Y002", purpose: "livestock", maxAmount: "30000.00", termMonths: 12 }),
    product({ code: "Y003", purpose: "livestock", maxAmount: "80000.00", termMonths: 6 }),
    product({ code: "Z001", purpose: "crops", minAmount: "3000.00", maxAmount: "50000.00", termMonths: 6, method: "equal-principal" }),
    product({ code: "OLD", purpose: "livestock", active: false }),
  ];
  it("keeps the same purpose and the amount in range; closest term, then tightest range, first", () => {
    const matches = matchProducts(library, { amountCny: "20000", termMonths: 12, purpose: "livestock" });
    expect(matches.map((m) => m.product.code)).toEqual(["Y002", "Y001", "Y003"]);
    expect(matches.every((m) => m.fits)).toBe(true);
    expect(matches[0]!.reasons.map((r) => r.key)).toEqual(["purpose_match", "amount_in_range", "term_exact", "method"]);
    expect(matches[2]!.reasons[2]).toEqual({ key: "term_shorter", params: { months: 6, diff: 6 } });
  });
  it("leaves out products whose range does not cover the amount", () => {
    expect(matchProducts(library, { amountCny: "50000", termMonths: 12, purpose: "livestock" }).map((m) => m.product.code)).toEqual(["Y001", "Y003"]);
  });
  it("offers other purposes as alternatives when nothing fits", () => {
    const matches = matchProducts(library, { amountCny: "10000", termMonths: 6, purpose: "business" });
    expect(matches.map((m) => [m.product.code, m.fits])).toEqual([
      ["Z001", false],
      ["Y003", false],
      ["X001", false],
      ["Y002", false],
      ["Y001", false],
    ]);
    expect(matches[0]!.reasons[0]!.key).toBe("purpose_other");
  });
});

describe("all-in annual cost and the legal cap", () => {
  const interestOnly = (monthly: string, principal = "10000.00", n = 12) => ({
    receivedCny: principal,
    paymentsCny: [...Array(n - 1).fill(monthly), new Decimal(principal).plus(monthly).toFixed(2)],
  });
  it("equals the nominal rate for interest-only payments, and is zero without interest", () => {
    expect(allInAnnualCost(interestOnly("100.00")).toFixed(6)).toBe("0.120000");
    expect(allInAnnualCost({ receivedCny: "1200.00", paymentsCny: Array(12).fill("100.00") }).toFixed(6)).toBe("0.000000");
  });
  it("counts up-front fees: the same payments on less money received cost more", () => {
    const withFee = allInAnnualCost({ ...interestOnly("100.00"), receivedCny: "9800.00" });
    expect(withFee.gt("0.14")).toBe(true);
  });
  it("the cap is 4 × LPR by default", () => {
    expect(legalCap(DEFAULT_BORROWING_SETTINGS.lprOneYear, DEFAULT_BORROWING_SETTINGS.legalCapMultiple).toFixed(6)).toBe("0.120000");
  });
  it("at the boundary: a cost equal to the cap is offered, one fen of interest more is refused", () => {
    const cap = legalCap("0.030000", "4");
    expect(allInAnnualCost(interestOnly("100.00")).lte(cap)).toBe(true);
    const oneFenMore = interestOnly("100.00");
    oneFenMore.paymentsCny[0] = "100.01";
    expect(allInAnnualCost(oneFenMore).gt(cap)).toBe(true);

    const settings = { lprOneYear: "0.030000", legalCapMultiple: "4.00" };
    const atCap = product({ annualRate: "0.120000", minAmount: "1000.00", maxAmount: "100000.00" });
    const offer = buildOffer(atCap, "10000.00", settings);
    expect(offer.allInAnnualCost).toBe("0.120000");
    expect(offer.totalRepay).toBe("11200.00");
    // 12.0006 %: ¥100.01 interest a month on ¥10,000 — over the cap by the fen.
    const above = product({ annualRate: "0.120006", minAmount: "1000.00", maxAmount: "100000.00" });
    expect(code(() => buildOffer(above, "10000.00", settings))).toBe("offer.above_legal_cap");
    // A higher LPR moves the cap.
    expect(buildOffer(above, "10000.00", { lprOneYear: "0.031000", legalCapMultiple: "4.00" }).legalCap).toBe("0.124000");
  });
  it("equal-installment and equal-principal schedules cost about their nominal rate", () => {
    const settings = { lprOneYear: "0.030000", legalCapMultiple: "4.00" };
    const w = buildOffer(product({ annualRate: "0.088800", method: "equal-installment" }), "30000.00", settings);
    expect(new Decimal(w.allInAnnualCost).minus("0.0888").abs().lt("0.0001")).toBe(true);
    const z = buildOffer(product({ annualRate: "0.100000", method: "equal-principal", termMonths: 6 }), "50000.00", settings);
    expect(z.installments[0]).toMatchObject({ principal: "8333.33", interest: "416.67", payment: "8750.00" });
    expect(new Decimal(z.allInAnnualCost).minus("0.10").abs().lt("0.0001")).toBe(true);
  });
});

describe("preliminary review rules", () => {
  const s = DEFAULT_BORROWING_SETTINGS;
  const clean: ReviewFacts = {
    amountCny: "20000.00",
    annualIncomeCny: "60000.00",
    blackHits: [],
    redHits: [],
    otherApplications: { total: 0, byIdNumber: 0, byPhone: 0, byDevice: 0, windowDays: 30 },
    exposure: { outstandingCny: "0.00" },
    operatorData: { subscriber: true, tenureMonths: 60, arrearsCny: "0.00", realNameMatch: true, source: "test" },
  };
  const run = (over: Partial<ReviewFacts>) => evaluateRules({ ...clean, ...over }, s);
  const rule = (result: ReturnType<typeof run>, name: string) => result.results.find((r) => r.rule === name)!;

  it("a clean application misses every rule and is approved", () => {
    const result = run({});
    expect(result.outcome).toBe("approve");
    expect(result.results.map((r) => r.rule)).toEqual([
      "blacklist",
      "redlist",
      "multi_application",
      "exposure_cap",
      "operator_subscriber",
      "real_name",
      "network_tenure",
      "phone_bill_arrears",
      "income_ratio",
    ]);
    expect(result.results.every((r) => !r.hit && r.effect === null)).toBe(true);
  });
  it("black list: a hit rejects, even with a red-list hit", () => {
    const hit = { kind: "phone", masked: "186****0066", reason: "欺诈" };
    expect(rule(run({ blackHits: [hit] }), "blacklist")).toMatchObject({ hit: true, effect: "reject" });
    expect(run({ blackHits: [hit], redHits: [hit] }).outcome).toBe("reject");
  });
  it("red list: a hit approves what would otherwise be referred", () => {
    const referred = { annualIncomeCny: "10000.00" };
    expect(run(referred).outcome).toBe("refer");
    const result = run({ ...referred, redHits: [{ kind: "id_number", masked: "411***", reason: "老客户" }] });
    expect(rule(result, "redlist")).toMatchObject({ hit: true, effect: "approve" });
    expect(result.outcome).toBe("approve");
  });
  it("multi-application: one other application refers, three reject, none passes", () => {
    const others = (total: number) => ({ otherApplications: { ...clean.otherApplications, total, byPhone: total } });
    expect(rule(run(others(0)), "multi_application").hit).toBe(false);
    expect(run(others(1)).outcome).toBe("refer");
    expect(run(others(2)).outcome).toBe("refer");
    expect(run(others(3)).outcome).toBe("reject");
  });
  it("exposure cap at the boundary: exactly ¥200,000 passes, one fen more rejects", () => {
    const at = run({ exposure: { outstandingCny: "180000.00" } });
    expect(rule(at, "exposure_cap")).toMatchObject({ hit: false, evidence: { after: "200000.00", cap: "200000.00" } });
    const over = run({ exposure: { outstandingCny: "180000.01" } });
    expect(rule(over, "exposure_cap")).toMatchObject({ hit: true, effect: "reject" });
    expect(over.outcome).toBe("reject");
  });
  it("operator data unavailable (the operator's API down): referred to a person, the reason kept as evidence", () => {
    const down = run({ operatorData: { subscriber: null, unavailable: "unreachable", source: "operator_api" } });
    expect(rule(down, "operator_subscriber")).toMatchObject({ hit: true, effect: "refer", evidence: { unavailable: "unreachable" } });
    expect(down.results.some((r) => r.rule === "network_tenure")).toBe(false);
    expect(down.outcome).toBe("refer");
  });
  it("operator data: not a subscriber refers; a real-name mismatch rejects", () => {
    const none = run({ operatorData: { subscriber: false, source: "test" } });
    expect(rule(none, "operator_subscriber")).toMatchObject({ hit: true, effect: "refer" });
    expect(none.results.some((r) => r.rule === "real_name")).toBe(false);
    expect(none.outcome).toBe("refer");
    const mismatch = run({ operatorData: { ...(clean.operatorData as object), realNameMatch: false } as ReviewFacts["operatorData"] });
    expect(rule(mismatch, "real_name")).toMatchObject({ hit: true, effect: "reject" });
  });
  it("network tenure: below 6 months rejects, below 24 refers, 24 passes", () => {
    const tenure = (months: number) => run({ operatorData: { subscriber: true, tenureMonths: months, arrearsCny: "0.00", realNameMatch: true, source: "t" } });
    expect(tenure(5).outcome).toBe("reject");
    expect(tenure(6).outcome).toBe("refer");
    expect(tenure(23).outcome).toBe("refer");
    expect(rule(tenure(24), "network_tenure").hit).toBe(false);
  });
  it("phone-bill arrears: none passes, some refers, above ¥500 rejects", () => {
    const arrears = (cny: string) => run({ operatorData: { subscriber: true, tenureMonths: 60, arrearsCny: cny, realNameMatch: true, source: "t" } });
    expect(rule(arrears("0.00"), "phone_bill_arrears").hit).toBe(false);
    expect(arrears("0.01").outcome).toBe("refer");
    expect(arrears("500.00").outcome).toBe("refer");
    expect(arrears("500.01").outcome).toBe("reject");
  });
  it("income ratio: up to half the annual income passes, more refers", () => {
    expect(rule(run({ amountCny: "30000.00" }), "income_ratio").hit).toBe(false);
    const over = run({ amountCny: "30000.01" });
    expect(rule(over, "income_ratio")).toMatchObject({ hit: true, effect: "refer", evidence: { limit: "30000.00" } });
    expect(over.outcome).toBe("refer");
  });
});
