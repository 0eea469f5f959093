import type { DbOrTx } from "../../../db/client";
import { createSms } from "../create-sms";
import { listSmsMessages } from "../list-sms-messages";
import { createSandboxSmsTransport } from "../sandbox-sms-gateway";

/** The key database tests seal SMS phones with (any 32 bytes). */
export const SMS_TEST_SECRET = new Uint8Array(32).fill(7);

/** The portal's SMS wiring with the sandbox gateway, as tests of call sites use it. */
export function createTestSms(secretKey: Uint8Array = SMS_TEST_SECRET) {
  return createSms({ secretKey, transport: createSandboxSmsTransport() });
}

/** The rendered bodies of the messages recorded for `phone` (all phones when omitted), newest first. */
export async function smsBodiesTo(db: DbOrTx, operatorId: string, phone?: string, secretKey: Uint8Array = SMS_TEST_SECRET): Promise<string[]> {
  const views = await listSmsMessages(db, { operatorId, secretKey, signName: "测试", limit: 1000 });
  return views.filter((v) => !phone || v.phone === phone).map((v) => v.body ?? "");
}
