import { SMS_KINDS, type SmsKind } from "./sms-kinds";
import { SmsGatewayError, type SmsDeliveryReport, type SmsGateway, type SmsTransport } from "./sms-gateway";

/**
 * The gateway outside production: accepts every message (it is shown, rendered, on the
 * sandbox outbox page) and reports it delivered. Numbers in the block 1700000xxxx play an
 * unreachable provider, so the demo and the browser tests can show what a person sees when
 * the SMS provider is down. Never used in production (app/sms.server.ts, the boot check).
 */
export const SANDBOX_UNREACHABLE_PREFIX = "1700000";

export function createSandboxSmsGateway(): SmsGateway {
  const accepted = new Map<string, { outId: string; phone: string; at: Date }>();
  return {
    name: "sandbox",
    async send(request) {
      if (request.phone.startsWith(SANDBOX_UNREACHABLE_PREFIX)) {
        throw new SmsGatewayError("unavailable", "SANDBOX_UNREACHABLE", "sandbox SMS provider plays unreachable for this number");
      }
      const providerMessageId = `sandbox-${request.outId}`;
      accepted.set(providerMessageId, { outId: request.outId, phone: request.phone, at: new Date() });
      return { providerMessageId };
    },
    async queryDelivery({ phone, providerMessageId }) {
      // Everything the sandbox accepted was delivered (also across restarts: the id says which message).
      if (!providerMessageId?.startsWith("sandbox-")) return [];
      const report: SmsDeliveryReport = { providerMessageId, outId: providerMessageId.slice(8), phone, status: "delivered", errorCode: null, reportedAt: accepted.get(providerMessageId)?.at ?? new Date() };
      return [report];
    },
  };
}

/** The sandbox gateway with a made-up template code per kind. */
export function createSandboxSmsTransport(): SmsTransport {
  const templates = Object.fromEntries(SMS_KINDS.map((k) => [k, `SANDBOX_${k.toUpperCase()}`])) as Record<SmsKind, string>;
  return { gateway: createSandboxSmsGateway(), templates, keepsCodes: true };
}
