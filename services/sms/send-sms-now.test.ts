import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { smsMessages } from "../../db/schema";
import { createTestOperator, describeEachDatabase } from "../../db/testing";
import { domainErrorCode } from "../shared/testing/domain-error-code";
import { dispatchQueuedSms } from "./dispatch-queued-sms";
import { listSmsMessages } from "./list-sms-messages";
import { createSandboxSmsTransport, SANDBOX_UNREACHABLE_PREFIX } from "./sandbox-sms-gateway";
import { sendSmsNow } from "./send-sms-now";
import { insertSmsMessage } from "./sms-record";
import type { AliyunSmsStandIn } from "./testing/aliyun-sms-stand-in";
import { standInTransport, startStandInForTemplates } from "./testing/aliyun-transport";

const secretKey = new Uint8Array(32).fill(4);
let standIn: AliyunSmsStandIn;
beforeAll(async () => {
  standIn = await startStandInForTemplates();
});
afterAll(() => standIn.close());

describeEachDatabase("one-time codes sent while the person waits", (ctx) => {
  let operatorId = "";
  beforeAll(async () => {
    operatorId = (await createTestOperator(ctx.db, "smsnow")).id;
  });
  const record = (phone: string) =>
    ctx.db.transaction((tx) => insertSmsMessage(tx, { secretKey, delivery: "now", message: { operatorId, phone, kind: "login_code", params: { code: "246810", minutes: "5" } } }));
  const row = async (id: string) => (await ctx.db.select().from(smsMessages).where(eq(smsMessages.id, id)))[0]!;

  it("through Alibaba Cloud: sent, the code erased from the table once the provider has it; never picked up by the dispatcher", async () => {
    const { messageId } = await record("18600002001");
    await sendSmsNow(ctx.db, { transport: standInTransport(standIn), secretKey, messageId, field: "phone" });
    expect(await row(messageId)).toMatchObject({ status: "sent", paramsEnc: null, delivery: "now" });
    expect(standIn.messages.filter((m) => m.outId === messageId)).toEqual([expect.objectContaining({ params: { code: "246810", minutes: "5" } })]);
    expect(await dispatchQueuedSms(ctx.db, { transport: standInTransport(standIn), secretKey })).toEqual({ sent: 0, retrying: 0, failed: 0 });
  });

  it("a provider that times out, answers 5xx or refuses our signature: sms.send_failed on the field, the row failed with the code", async () => {
    const cases: Array<[() => void, { accessKeySecret?: string }, string]> = [
      [() => (standIn.hangNext = 1), {}, "unavailable"],
      [() => (standIn.failNext = 1), {}, "ServiceUnavailable"],
      [() => undefined, { accessKeySecret: "wrong" }, "SignatureDoesNotMatch"],
    ];
    for (const [fault, overrides, code] of cases) {
      const { messageId } = await record("18600002002");
      fault();
      const error = await sendSmsNow(ctx.db, { transport: standInTransport(standIn, overrides), secretKey, messageId, field: "phone" }).then(() => null, (e: unknown) => e);
      expect(await domainErrorCode(Promise.reject(error))).toBe("sms.send_failed");
      expect((error as { field?: string }).field).toBe("phone");
      const failed = await row(messageId);
      expect(failed.status).toBe("failed");
      if (code !== "unavailable") expect(failed.errorCode).toBe(code);
    }
  });

  it("through the sandbox: the outbox renders the code; an unreachable-block number fails", async () => {
    const { messageId } = await record("18600002003");
    await sendSmsNow(ctx.db, { transport: createSandboxSmsTransport(), secretKey, messageId, field: "phone" });
    const [view] = await listSmsMessages(ctx.db, { operatorId, secretKey, signName: "测试" });
    expect(view).toMatchObject({ id: messageId, status: "sent", body: "【测试】您的登录验证码是246810，5分钟内有效。请勿告诉他人。" });

    const down = await record(`${SANDBOX_UNREACHABLE_PREFIX}1234`);
    expect(await domainErrorCode(sendSmsNow(ctx.db, { transport: createSandboxSmsTransport(), secretKey, messageId: down.messageId, field: "phone" }))).toBe("sms.send_failed");
    expect(await row(down.messageId)).toMatchObject({ status: "failed", errorCode: "SANDBOX_UNREACHABLE" });
  });
});
