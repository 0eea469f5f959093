import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAliyunSmsStandIn, type AliyunSmsStandIn } from "../testing/aliyun-sms-stand-in";
import { SmsGatewayError } from "../sms-gateway";
import { classifyProviderCode, createAliyunSmsGateway } from "./aliyun-sms-gateway";

const KEY = { accessKeyId: "LTAI-test", accessKeySecret: "test-secret-1" };
const SIGN = "普惠金融";
let standIn: AliyunSmsStandIn;

beforeAll(async () => {
  standIn = await startAliyunSmsStandIn({ ...KEY, signName: SIGN, templateCodes: ["SMS_100", "SMS_200"] });
});
afterAll(() => standIn.close());

function gateway(overrides: { accessKeySecret?: string; timeoutMs?: number; endpoint?: string } = {}) {
  return createAliyunSmsGateway({ ...KEY, signName: SIGN, endpoint: standIn.endpoint, protocol: "http", timeoutMs: 400, ...overrides });
}

async function failure(p: Promise<unknown>): Promise<SmsGatewayError> {
  const error = await p.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(SmsGatewayError);
  return error as SmsGatewayError;
}

const message = { phone: "18600000001", templateCode: "SMS_100", params: { code: "123456" }, outId: "sms-1" };

describe("Alibaba Cloud SMS gateway against the local stand-in", () => {
  it("sends a templated message that the provider's signature check accepts", async () => {
    const before = standIn.messages.length;
    const receipt = await gateway().send(message);
    expect(receipt.providerMessageId).toMatch(/\^0$/);
    expect(standIn.messages.slice(before)).toEqual([
      expect.objectContaining({ bizId: receipt.providerMessageId, phone: "18600000001", signName: SIGN, templateCode: "SMS_100", params: { code: "123456" }, outId: "sms-1" }),
    ]);
  });

  it("reports delivery from QuerySendDetails, including a carrier failure", async () => {
    const gw = gateway();
    const receipt = await gw.send({ ...message, phone: "18600000009", outId: "sms-2" });
    const sent = standIn.messages.find((m) => m.bizId === receipt.providerMessageId)!;
    const sentOn = sent.sendDate.slice(0, 10);
    expect(await gw.queryDelivery({ phone: "18600000009", providerMessageId: receipt.providerMessageId, sentOn })).toEqual([
      expect.objectContaining({ status: "delivered", outId: "sms-2", errorCode: null }),
    ]);
    sent.sendStatus = 2;
    sent.errCode = "MK:0001";
    const [report] = await gw.queryDelivery({ phone: "18600000009", providerMessageId: receipt.providerMessageId, sentOn });
    expect(report).toMatchObject({ status: "failed", errorCode: "MK:0001" });
    expect(report!.reportedAt?.toISOString()).toBe(new Date(`${sent.sendDate.replace(" ", "T")}+08:00`).toISOString());
  });

  it("a wrong secret is refused by the signature check, sends nothing and is reported as misconfigured", async () => {
    const before = standIn.messages.length;
    const error = await failure(gateway({ accessKeySecret: "not-the-secret" }).send(message));
    expect(error.kind).toBe("misconfigured");
    expect(error.providerCode).toBe("SignatureDoesNotMatch");
    expect(standIn.refusals.at(-1)).toEqual({ code: "SignatureDoesNotMatch", reason: "signature" });
    expect(standIn.messages.length).toBe(before);
  });

  it("a 5xx answer is 'unavailable'", async () => {
    standIn.failNext = 1;
    const error = await failure(gateway().send(message));
    expect(error.kind).toBe("unavailable");
  });

  it("a provider that never answers is 'unavailable' within the timeout", async () => {
    standIn.hangNext = 1;
    const started = Date.now();
    const error = await failure(gateway({ timeoutMs: 300 }).send(message));
    expect(error.kind).toBe("unavailable");
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("an unreachable provider is 'unavailable'", async () => {
    const error = await failure(gateway({ endpoint: "127.0.0.1:1" }).send(message));
    expect(error.kind).toBe("unavailable");
  });

  it("business refusals: a bad number is 'rejected', the per-number limit is 'throttled', an unknown template is 'misconfigured'", async () => {
    expect((await failure(gateway().send({ ...message, phone: "12345" }))).providerCode).toBe("isv.MOBILE_NUMBER_ILLEGAL");
    expect((await failure(gateway().send({ ...message, phone: "12345" }))).kind).toBe("rejected");
    standIn.throttledPhones.add("18600000003");
    expect((await failure(gateway().send({ ...message, phone: "18600000003" }))).kind).toBe("throttled");
    expect((await failure(gateway().send({ ...message, templateCode: "SMS_999" }))).kind).toBe("misconfigured");
  });

  it("classifies provider codes", () => {
    expect(classifyProviderCode("isv.BUSINESS_LIMIT_CONTROL")).toBe("throttled");
    expect(classifyProviderCode("InvalidAccessKeyId.NotFound")).toBe("misconfigured");
    expect(classifyProviderCode("isv.MOBILE_NUMBER_ILLEGAL")).toBe("rejected");
  });
});
