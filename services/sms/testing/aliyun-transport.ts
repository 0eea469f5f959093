import { createAliyunSmsGateway } from "../aliyun/aliyun-sms-gateway";
import { SMS_KINDS, type SmsKind } from "../sms-kinds";
import type { SmsTransport } from "../sms-gateway";
import { startAliyunSmsStandIn, type AliyunSmsStandIn } from "./aliyun-sms-stand-in";

/** Template codes the stand-in knows, one per kind, as ALIYUN_SMS_TEMPLATES would give them. */
export const STAND_IN_TEMPLATES = Object.fromEntries(SMS_KINDS.map((k, i) => [k, `SMS_90${i}`])) as Record<SmsKind, string>;
export const STAND_IN_KEY = { accessKeyId: "LTAI-dispatch", accessKeySecret: "dispatch-secret" };
export const STAND_IN_SIGN = "普惠金融";

export function startStandInForTemplates(): Promise<AliyunSmsStandIn> {
  return startAliyunSmsStandIn({ ...STAND_IN_KEY, signName: STAND_IN_SIGN, templateCodes: Object.values(STAND_IN_TEMPLATES) });
}

/** The production transport (Alibaba Cloud gateway, codes erased once sent) pointed at the stand-in. */
export function standInTransport(standIn: AliyunSmsStandIn, overrides: { accessKeySecret?: string; timeoutMs?: number } = {}): SmsTransport {
  return {
    gateway: createAliyunSmsGateway({ ...STAND_IN_KEY, signName: STAND_IN_SIGN, endpoint: standIn.endpoint, protocol: "http", timeoutMs: 400, ...overrides }),
    templates: STAND_IN_TEMPLATES,
    keepsCodes: false,
  };
}
