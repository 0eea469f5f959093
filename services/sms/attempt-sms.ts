import { beijingDate } from "../shared/calendar";
import { SmsGatewayError, type DeliveryStatus, type SmsTransport } from "./sms-gateway";
import type { OpenedSmsMessage } from "./sms-record";

/**
 * One attempt at getting a stored message to the provider: the single place that turns a row
 * into TemplateCode + TemplateParam + OutId (the row's id, so the provider's receipts and our
 * look-ups name our message).
 */
export type AttemptOutcome =
  | { ok: true; providerMessageId: string; status: "sent" | DeliveryStatus; errorCode: string | null; askedFirst: boolean }
  | { ok: false; error: SmsGatewayError };

/** A provider id for a message found by its OutId alone (Aliyun's detail list carries no BizId). */
export const OUT_ID_PREFIX = "outid:";

function asGatewayError(error: unknown): SmsGatewayError {
  if (error instanceof SmsGatewayError) return error;
  return new SmsGatewayError("unavailable", "GATEWAY_ERROR", error instanceof Error ? error.message : String(error));
}

/**
 * When an earlier attempt may have reached the provider without an answer (a timeout, a
 * process that died mid-send), the provider is asked first whether it has our OutId that
 * day: if so the message is recorded as sent, not sent twice.
 */
async function findEarlierSend(transport: SmsTransport, message: OpenedSmsMessage) {
  const at = message.row.lastAttemptAt ?? message.row.createdAt;
  const reports = await transport.gateway.queryDelivery({ phone: message.phone, sentOn: beijingDate(at) });
  return reports.find((r) => r.outId === message.row.id) ?? null;
}

export async function attemptSms(transport: SmsTransport, message: OpenedSmsMessage, options: { askFirst: boolean }): Promise<AttemptOutcome> {
  try {
    if (options.askFirst) {
      const earlier = await findEarlierSend(transport, message);
      if (earlier) {
        const status = earlier.status === "pending" ? "sent" : earlier.status;
        return { ok: true, providerMessageId: earlier.providerMessageId || `${OUT_ID_PREFIX}${message.row.id}`, status, errorCode: earlier.errorCode, askedFirst: true };
      }
    }
    if (!message.params) throw new SmsGatewayError("rejected", "PARAMS_ERASED", "the message's parameters are gone");
    const receipt = await transport.gateway.send({
      phone: message.phone,
      templateCode: transport.templates[message.kind],
      params: message.params,
      outId: message.row.id,
    });
    return { ok: true, providerMessageId: receipt.providerMessageId, status: "sent", errorCode: null, askedFirst: false };
  } catch (error) {
    return { ok: false, error: asGatewayError(error) };
  }
}
