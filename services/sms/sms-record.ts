import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { smsMessages } from "../../db/schema";
import { decryptField, encryptField } from "../shared/crypto/field-encryption";
import { maskPhone } from "../shared/mask-phone";
import { checkSmsParams } from "./render-sms-body";
import { isSmsKind, type SmsKind } from "./sms-kinds";
import type { SmsMessage } from "./sms-sender";

/**
 * The sms_messages row: how a message is stored and read back. The phone and the parameters
 * are personal data (and a one-time code is a secret), so they are sealed with the portal's
 * field encryption, each bound to its row; staff see `phone_masked`.
 */
export type SmsMessageRow = typeof smsMessages.$inferSelect;

const PHONE = "sms_messages:phone";
const PARAMS = "sms_messages:params";
const bound = (id: string) => `sms_messages:${id}`;

export async function insertSmsMessage(
  tx: DbOrTx,
  input: { secretKey: Uint8Array; message: SmsMessage; delivery: "now" | "dispatcher"; now?: Date },
): Promise<{ messageId: string }> {
  const { message } = input;
  checkSmsParams(message.kind, message.params as unknown as Record<string, unknown>);
  const id = randomUUID();
  const now = input.now ?? new Date();
  await tx.insert(smsMessages).values({
    id,
    operatorId: message.operatorId,
    kind: message.kind,
    phoneEnc: encryptField(input.secretKey, PHONE, message.phone, bound(id)),
    phoneMasked: maskPhone(message.phone),
    paramsEnc: encryptField(input.secretKey, PARAMS, JSON.stringify(message.params), bound(id)),
    delivery: input.delivery,
    createdAt: now,
    nextAttemptAt: input.delivery === "dispatcher" ? now : null,
  });
  return { messageId: id };
}

export interface OpenedSmsMessage {
  row: SmsMessageRow;
  kind: SmsKind;
  phone: string;
  /** Null once a real gateway sent a one-time code (erased). */
  params: Record<string, string> | null;
}

export function openSmsMessage(secretKey: Uint8Array, row: SmsMessageRow): OpenedSmsMessage {
  if (!isSmsKind(row.kind)) throw new Error(`sms_messages ${row.id} has an unknown kind ${row.kind}`);
  return {
    row,
    kind: row.kind,
    phone: decryptField(secretKey, PHONE, row.phoneEnc, bound(row.id)),
    params: row.paramsEnc ? (JSON.parse(decryptField(secretKey, PARAMS, row.paramsEnc, bound(row.id))) as Record<string, string>) : null,
  };
}

export async function loadSmsMessage(db: DbOrTx, id: string): Promise<SmsMessageRow | undefined> {
  const [row] = await db.select().from(smsMessages).where(eq(smsMessages.id, id));
  return row;
}
