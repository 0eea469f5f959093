import type { PayoutResultStatus } from "./payout-files";

/** The bank's failure reasons in Chinese, for SMS (pages use the i18n catalogue: payout.reason.<STATUS>). */
const REASONS_ZH: Record<PayoutResultStatus, string> = {
  SUCCESS: "付款成功",
  ACCOUNT_CLOSED: "收款账户已销户",
  ACCOUNT_NOT_FOUND: "收款账户不存在",
  NAME_MISMATCH: "户名与账号不符",
  ACCOUNT_FROZEN: "收款账户已冻结",
  REJECTED: "银行拒绝付款",
};

export function failureReasonZh(status: string): string {
  return REASONS_ZH[status as PayoutResultStatus] ?? status;
}
