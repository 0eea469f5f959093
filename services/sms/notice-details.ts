/**
 * The `detail` sentences of the notifications that carry one (withdrawal_update,
 * loan_disbursement, application_reviewed): each written here once in Chinese (the SMS
 * template's parameter) with the pattern that reads it back and its English wording, so the
 * inbox can show a stored notification in the reader's language (services/notifications).
 * Parts that are names or staff's own words (a bank, a refusal reason) stay as written.
 */
interface DetailWording<A extends string[]> {
  zh: (...parts: A) => string;
  pattern: RegExp;
  en: (...parts: A) => string;
}

function wording<A extends string[]>(w: DetailWording<A>): DetailWording<A> {
  return w;
}

/** The bank's payout failure reasons (services/payouts/reasons.ts keys), in both languages. */
export const PAYOUT_FAILURES: Readonly<Record<string, { zh: string; en: string }>> = {
  ACCOUNT_CLOSED: { zh: "收款账户已销户", en: "the receiving account is closed" },
  ACCOUNT_NOT_FOUND: { zh: "收款账户不存在", en: "the receiving account does not exist" },
  NAME_MISMATCH: { zh: "户名与账号不符", en: "the account name does not match the number" },
  ACCOUNT_FROZEN: { zh: "收款账户已冻结", en: "the receiving account is frozen" },
  REJECTED: { zh: "银行拒绝付款", en: "the bank refused the payment" },
};

function failureEn(reasonZh: string): string {
  return Object.values(PAYOUT_FAILURES).find((r) => r.zh === reasonZh)?.en ?? reasonZh;
}

export const NOTICE_DETAILS = {
  withdrawalRejected: wording<[reason: string]>({
    zh: (reason) => `未通过审核：${reason}。资金已回到可用余额。`,
    pattern: /^未通过审核：([\s\S]*)。资金已回到可用余额。$/,
    en: (reason) => ` was not approved: ${reason}. The money is back in your available balance.`,
  }),
  withdrawalPaid: wording<[card: string]>({
    zh: (card) => `已到账 ${card}。`,
    pattern: /^已到账 (.*)。$/,
    en: (card) => ` has reached ${card}.`,
  }),
  withdrawalFailed: wording<[reasonZh: string]>({
    zh: (reason) => `打款失败（${reason}），资金已退回可用余额，请核对银行卡信息。`,
    pattern: /^打款失败（(.*)），资金已退回可用余额，请核对银行卡信息。$/,
    en: (reason) => ` could not be paid (${failureEn(reason)}); the money is back in your available balance. Please check your bank card details.`,
  }),
  disbursementPaid: wording<[bank: string, account: string]>({
    zh: (bank, account) => `已放款至 ${bank} ${account}，还款计划已生成。`,
    pattern: /^已放款至 (.*) (\S*)，还款计划已生成。$/,
    en: (bank, account) => ` has been paid out to ${bank} ${account}; your repayment schedule is ready.`,
  }),
  disbursementFailed: wording<[reasonZh: string]>({
    zh: (reason) => `放款失败（${reason}），我们将核实收款账户后重新放款。`,
    pattern: /^放款失败（(.*)），我们将核实收款账户后重新放款。$/,
    en: (reason) => ` could not be paid out (${failureEn(reason)}); we will check the receiving account and pay it out again.`,
  }),
  applicationApproved: wording<[amount: string]>({
    zh: (amount) => `已审核通过，批准金额${amount}。请登录平台查看借款条件并签约。`,
    pattern: /^已审核通过，批准金额(.*)。请登录平台查看借款条件并签约。$/,
    en: (amount) => ` has been approved for ${amount}. Please sign in to read the offer and sign.`,
  }),
  applicationRejected: wording<[]>({
    zh: () => "未通过审核。原因请登录平台查看。",
    pattern: /^未通过审核。原因请登录平台查看。$/,
    en: () => " was not approved. Sign in to read the reason.",
  }),
} as const;

/** A stored Chinese detail in English (a leading space: it follows the subject), or null when it is none of ours. */
export function noticeDetailEn(detailZh: string): string | null {
  for (const w of Object.values(NOTICE_DETAILS) as DetailWording<string[]>[]) {
    const match = w.pattern.exec(detailZh);
    if (match) return w.en(...match.slice(1));
  }
  return null;
}
