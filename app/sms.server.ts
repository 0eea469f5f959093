import { readBoundarySettings } from "./boundaries.server";
import { getConfig } from "./config.server";
import { notifications, sms } from "./services.server";

let cached: sms.Sms | null = null;

/**
 * The portal's SMS boundary, one per process. Alibaba Cloud SMS (official SDK) whenever its
 * settings exist — always in production, where the boot check refuses to start without them,
 * and here too, so a missing setting can never fall back to the sandbox there. Outside
 * production without settings: the sandbox gateway, whose messages the outbox page shows.
 */
export function getSms(): sms.Sms {
  if (cached) return cached;
  const config = getConfig();
  const settings = readBoundarySettings(process.env, []).sms;
  let transport: sms.SmsTransport;
  if (settings) {
    const { templates, ...gateway } = settings;
    transport = {
      gateway: sms.createAliyunSmsGateway({ ...gateway, protocol: process.env.ALIYUN_SMS_PROTOCOL === "http" && !config.production ? "http" : "https" }),
      templates,
      keepsCodes: false,
    };
  } else if (config.production) {
    throw new Error("APP_ENV=production needs ALIYUN_SMS_* settings: the sandbox SMS gateway is never used in production");
  } else {
    transport = sms.createSandboxSmsTransport();
  }
  cached = sms.createSms({ secretKey: config.secretKey, transport });
  return cached;
}

/**
 * Notifications: the SMS recorded in the business transaction (sent by the dispatcher after
 * commit) and, in the same transaction, the person's inbox item (站内信) from the same template.
 */
export const smsSenderFor: sms.Sms["senderFor"] = notifications.withInbox((tx) => getSms().senderFor(tx));

/** The sign the sandbox outbox shows in 【】 for an operator's messages. */
export function outboxSignName(operatorNameZh: string): string {
  return `${operatorNameZh}·普惠金融`;
}
