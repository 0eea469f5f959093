import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { smsMessages } from "../../db/schema";
import { createTestOperator, describeEachDatabase } from "../../db/testing";
import { dispatchQueuedSms } from "./dispatch-queued-sms";
import { SMS_MAX_ATTEMPTS, smsRetryDelayMs } from "./limits";
import { pollSmsReceipts } from "./poll-sms-receipts";
import { insertSmsMessage } from "./sms-record";
import type { SmsMessage } from "./sms-sender";
import type { AliyunSmsStandIn } from "./testing/aliyun-sms-stand-in";
import { standInTransport, startStandInForTemplates, STAND_IN_TEMPLATES } from "./testing/aliyun-transport";

const secretKey = new Uint8Array(32).fill(3);
let standIn: AliyunSmsStandIn;
beforeAll(async () => {
  standIn = await startStandInForTemplates();
});
afterAll(() => standIn.close());

const later = (ms: number) => new Date(Date.now() + ms);

describeEachDatabase("SMS dispatcher against the Alibaba Cloud stand-in", (ctx) => {
  let operatorId = "";
  let seq = 0;
  beforeAll(async () => {
    operatorId = (await createTestOperator(ctx.db, "smsdispatch")).id;
  });

  const message = (phone = `1860001${String(++seq).padStart(4, "0")}`): SmsMessage => ({
    operatorId,
    phone,
    kind: "withdrawal_update",
    params: { amount: "¥1,000.00", detail: "已转出至尾号4417的银行卡，请留意银行到账。" },
  });
  const record = async (m: SmsMessage = message()) => ({ m, ...(await ctx.db.transaction((tx) => insertSmsMessage(tx, { secretKey, message: m, delivery: "dispatcher" }))) });
  const row = async (id: string) => (await ctx.db.select().from(smsMessages).where(eq(smsMessages.id, id)))[0]!;
  const sentWithOutId = (id: string) => standIn.messages.filter((s) => s.outId === id);
  const dispatch = (now?: Date, transport = standInTransport(standIn)) => dispatchQueuedSms(ctx.db, { transport, secretKey, now });

  it("sends a recorded notification with its template code, parameters and our id as OutId, then polls its receipt", async () => {
    const { m, messageId } = await record();
    expect(await dispatch()).toMatchObject({ sent: 1, retrying: 0, failed: 0 });
    const sent = await row(messageId);
    expect(sent).toMatchObject({ status: "sent", gateway: "aliyun", templateCode: STAND_IN_TEMPLATES.withdrawal_update, attempts: 1, uncertain: false });
    expect(sentWithOutId(messageId)).toEqual([expect.objectContaining({ phone: m.phone, templateCode: STAND_IN_TEMPLATES.withdrawal_update, params: m.params, bizId: sent.providerMessageId })]);
    expect(await dispatch()).toEqual({ sent: 0, retrying: 0, failed: 0 });

    expect(await pollSmsReceipts(ctx.db, { transport: standInTransport(standIn), secretKey })).toMatchObject({ delivered: 1 });
    expect(await row(messageId)).toMatchObject({ status: "delivered", errorCode: null });
  });

  it("a carrier's failure comes back by receipt with its error code", async () => {
    const { messageId } = await record();
    await dispatch();
    const accepted = sentWithOutId(messageId)[0]!;
    accepted.sendStatus = 2;
    accepted.errCode = "MK:0001";
    await pollSmsReceipts(ctx.db, { transport: standInTransport(standIn), secretKey });
    expect(await row(messageId)).toMatchObject({ status: "failed", errorCode: "MK:0001" });
  });

  it("an outage (HTTP 5xx) leaves the message queued; after the back-off it is sent once", async () => {
    const { messageId } = await record();
    standIn.failNext = 1;
    expect(await dispatch()).toMatchObject({ retrying: 1 });
    expect(await row(messageId)).toMatchObject({ status: "queued", attempts: 1, errorCode: "ServiceUnavailable" });
    expect(await dispatch()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(await dispatch(later(smsRetryDelayMs(1) + 1000))).toMatchObject({ sent: 1 });
    expect(await row(messageId)).toMatchObject({ status: "sent", attempts: 2 });
    expect(sentWithOutId(messageId)).toHaveLength(1);
  });

  it("a timeout after the provider accepted is not sent twice: the retry finds it by OutId", async () => {
    const { messageId } = await record();
    standIn.acceptThenHangNext = 1;
    expect(await dispatch()).toMatchObject({ retrying: 1 });
    expect(await row(messageId)).toMatchObject({ status: "queued", uncertain: true });
    expect(sentWithOutId(messageId)).toHaveLength(1);
    expect(await dispatch(later(smsRetryDelayMs(1) + 1000))).toMatchObject({ sent: 1 });
    expect(await row(messageId)).toMatchObject({ status: "delivered", uncertain: false });
    expect(sentWithOutId(messageId)).toHaveLength(1);
  });

  it("a timeout before the provider had it is sent on the retry, once", async () => {
    const { messageId } = await record();
    standIn.hangNext = 1;
    await dispatch();
    expect(sentWithOutId(messageId)).toHaveLength(0);
    await dispatch(later(smsRetryDelayMs(1) + 1000));
    expect(sentWithOutId(messageId)).toHaveLength(1);
    expect((await row(messageId)).status).toBe("sent");
  });

  it("a malformed answer counts as 'may have gone': queued, asked about before the retry", async () => {
    const { messageId } = await record();
    standIn.malformedNext = 1;
    await dispatch();
    expect(await row(messageId)).toMatchObject({ status: "queued", uncertain: true, errorCode: expect.any(String) });
    await dispatch(later(smsRetryDelayMs(1) + 1000));
    expect(sentWithOutId(messageId)).toHaveLength(1);
  });

  it("refused credentials keep it queued (nothing was sent) until they are fixed", async () => {
    const { messageId } = await record();
    await dispatch(undefined, standInTransport(standIn, { accessKeySecret: "wrong" }));
    expect(await row(messageId)).toMatchObject({ status: "queued", uncertain: false, errorCode: "SignatureDoesNotMatch" });
    await dispatch(later(smsRetryDelayMs(1) + 1000));
    expect(sentWithOutId(messageId)).toHaveLength(1);
  });

  it("a message the provider refuses (bad number) fails at once with its code; repeated outages fail after the last attempt", async () => {
    const bad = await record(message("12345678901"));
    await dispatch();
    expect(await row(bad.messageId)).toMatchObject({ status: "failed", errorCode: "isv.MOBILE_NUMBER_ILLEGAL" });

    const { messageId } = await record();
    let at = Date.now();
    for (let attempt = 1; attempt <= SMS_MAX_ATTEMPTS; attempt++) {
      standIn.failNext = 1;
      await dispatch(new Date(at));
      at += smsRetryDelayMs(attempt) + 1000;
    }
    expect(await row(messageId)).toMatchObject({ status: "failed", attempts: SMS_MAX_ATTEMPTS });
    expect(sentWithOutId(messageId)).toHaveLength(0);
  });

  it("a message recorded in a transaction that rolls back does not exist", async () => {
    const before = (await ctx.db.select().from(smsMessages)).length;
    await ctx.db
      .transaction(async (tx) => {
        await insertSmsMessage(tx, { secretKey, message: message(), delivery: "dispatcher" });
        throw new Error("the business change failed");
      })
      .catch(() => undefined);
    expect((await ctx.db.select().from(smsMessages)).length).toBe(before);
  });

  it("two dispatchers at once send each message once", async () => {
    const ids = await Promise.all([1, 2, 3, 4].map(async () => (await record()).messageId));
    await Promise.all([dispatch(), dispatch()]);
    for (const id of ids) expect(sentWithOutId(id)).toHaveLength(1);
  });
});
