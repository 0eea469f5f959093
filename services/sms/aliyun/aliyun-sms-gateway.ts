import * as DysmsModule from "@alicloud/dysmsapi20170525";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import { SmsGatewayError, type DeliveryStatus, type SmsDeliveryReport, type SmsGateway, type SmsGatewayErrorKind } from "../sms-gateway";

/**
 * Alibaba Cloud SMS through its official SDK (Dysmsapi 2017-05-25, V3 signatures). One
 * attempt per send: the provider does not deduplicate by OutId, so a retry after a read
 * timeout could text the person twice; the caller (sign-in form, outbox dispatcher) decides.
 */
export interface AliyunSmsConfig {
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  /** Host (and port) of the API; the provider's is dysmsapi.aliyuncs.com. */
  endpoint: string;
  protocol?: "https" | "http";
  /** A code form waits for this at most: a person is looking at a spinner. */
  timeoutMs?: number;
}

/** Default wait for the provider, connect and read each: long enough for a slow region. */
export const ALIYUN_SMS_TIMEOUT_MS = 5_000;

/** Provider result codes that mean "not now" rather than "never". */
const THROTTLE_CODES = new Set(["isv.BUSINESS_LIMIT_CONTROL", "isv.DAY_LIMIT_CONTROL", "Throttling.User", "Throttling"]);
/** Codes that mean our credentials or signature were refused: an operator must act. */
const MISCONFIGURED = /^(SignatureDoesNotMatch|InvalidAccessKeyId|IncompleteSignature|InvalidTimeStamp|SignatureNonceUsed|Forbidden|isv\.ACCOUNT_|isv\.SMS_SIGNATURE_ILLEGAL|isv\.SMS_TEMPLATE_ILLEGAL)/;

// The package is CommonJS: its class is `default` (twice over when imported as ESM).
const moduleExports = DysmsModule as unknown as { default: unknown; SendSmsRequest: new (m: object) => object; QuerySendDetailsRequest: new (m: object) => object };
const ClientClass = ((moduleExports.default as { default?: unknown }).default ?? moduleExports.default) as new (config: object) => {
  sendSms(request: object): Promise<{ body?: { code?: string; message?: string; bizId?: string } }>;
  querySendDetails(request: object): Promise<{ body?: QueryBody }>;
};

interface QueryBody {
  code?: string;
  message?: string;
  smsSendDetailDTOs?: { smsSendDetailDTO?: Array<{ phoneNum?: string; sendStatus?: number; errCode?: string; receiveDate?: string; outId?: string }> };
}

export function classifyProviderCode(code: string): SmsGatewayErrorKind {
  if (THROTTLE_CODES.has(code)) return "throttled";
  if (MISCONFIGURED.test(code)) return "misconfigured";
  return "rejected";
}

/** Errors the SDK throws (HTTP 4xx/5xx, timeouts, sockets) in our four kinds. */
function toGatewayError(error: unknown): SmsGatewayError {
  const e = error as { name?: string; code?: string; statusCode?: number; message?: string };
  if (typeof e.statusCode === "number" && e.statusCode >= 500) return new SmsGatewayError("unavailable", e.code ?? "HTTP_5XX", `SMS provider answered ${e.statusCode}`);
  if (typeof e.statusCode === "number" && e.code) return new SmsGatewayError(classifyProviderCode(e.code), e.code, `SMS provider refused the request: ${e.code}`);
  return new SmsGatewayError("unavailable", e.code ?? e.name ?? "NETWORK", `SMS provider unreachable: ${e.name ?? "error"}`);
}

/** Details per query page: the provider's maximum; more messages to one phone in a day is abuse. */
const QUERY_PAGE_SIZE = 50;

const STATUS: Record<number, DeliveryStatus> = { 1: "pending", 2: "failed", 3: "delivered" };

export function createAliyunSmsGateway(config: AliyunSmsConfig): SmsGateway {
  const timeoutMs = config.timeoutMs ?? ALIYUN_SMS_TIMEOUT_MS;
  const client = new ClientClass(
    new $OpenApiUtil.Config({
      accessKeyId: config.accessKeyId,
      accessKeySecret: config.accessKeySecret,
      endpoint: config.endpoint,
      protocol: config.protocol ?? "https",
      connectTimeout: timeoutMs,
      readTimeout: timeoutMs,
      autoretry: false,
      maxAttempts: 1,
    }),
  );
  return {
    name: "aliyun",
    async send(request) {
      const sdkRequest = new moduleExports.SendSmsRequest({
        phoneNumbers: request.phone,
        signName: config.signName,
        templateCode: request.templateCode,
        templateParam: JSON.stringify(request.params),
        outId: request.outId,
      });
      const response = await client.sendSms(sdkRequest).catch((error: unknown) => {
        throw toGatewayError(error);
      });
      // No code at all: not the provider's protocol, and the message may have gone.
      if (!response.body?.code) throw new SmsGatewayError("unavailable", "MALFORMED_ANSWER", "SMS provider's answer has no Code");
      const code = response.body.code;
      if (code !== "OK" || !response.body?.bizId) {
        throw new SmsGatewayError(classifyProviderCode(code), code, `SMS provider refused the message: ${code}`);
      }
      return { providerMessageId: response.body.bizId };
    },
    async queryDelivery({ phone, providerMessageId, sentOn }) {
      // Without a BizId the provider lists the day's messages to the phone: the dispatcher asks
      // so, by our OutId, whether an attempt that timed out went through after all.
      const sdkRequest = new moduleExports.QuerySendDetailsRequest({
        phoneNumber: phone,
        ...(providerMessageId ? { bizId: providerMessageId } : {}),
        sendDate: sentOn.replaceAll("-", ""),
        pageSize: QUERY_PAGE_SIZE,
        currentPage: 1,
      });
      const response = await client.querySendDetails(sdkRequest).catch((error: unknown) => {
        throw toGatewayError(error);
      });
      if (!response.body?.code) throw new SmsGatewayError("unavailable", "MALFORMED_ANSWER", "SMS provider's answer has no Code");
      const code = response.body.code;
      if (code !== "OK") throw new SmsGatewayError(classifyProviderCode(code), code, `SMS provider refused the query: ${code}`);
      return (response.body?.smsSendDetailDTOs?.smsSendDetailDTO ?? []).map(
        (d): SmsDeliveryReport => ({
          providerMessageId: providerMessageId ?? "",
          outId: d.outId || null,
          phone: d.phoneNum ?? phone,
          status: STATUS[d.sendStatus ?? 1] ?? "pending",
          errorCode: d.sendStatus === 2 ? d.errCode ?? null : null,
          reportedAt: d.receiveDate ? new Date(`${d.receiveDate.replace(" ", "T")}+08:00`) : null,
        }),
      );
    },
  };
}
