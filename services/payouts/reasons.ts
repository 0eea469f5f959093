import { PAYOUT_FAILURES } from "../sms";

/** The bank's failure reasons in Chinese, for SMS (pages use the i18n catalogue: payout.reason.<STATUS>); one list with the inbox's English. */
export function failureReasonZh(status: string): string {
  if (status === "SUCCESS") return "付款成功";
  return PAYOUT_FAILURES[status]?.zh ?? status;
}
