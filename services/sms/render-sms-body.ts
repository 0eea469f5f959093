import type { SmsKind, SmsParams } from "./sms-kinds";

/**
 * The wording of each kind: our copy of the template approved at the provider (the provider
 * holds the real one under its template code and fills in the same `${name}` variables). Used
 * to show a message in the sandbox outbox and to read it back; never sent as free text.
 */
export const SMS_TEMPLATES: Readonly<Record<SmsKind, string>> = {
  login_code: "您的登录验证码是${code}，${minutes}分钟内有效。请勿告诉他人。",
  signing_code: "您正在${action}，验证码${code}，${minutes}分钟内有效。请勿告诉他人，工作人员不会向您索要。",
  withdrawal_update: "您的提现${amount}${detail}",
  loan_unfunded: "您出借的项目「${title}」募集期结束未满标，冻结的${amount}已解冻，回到您的可用余额。",
  repayment_due: "您的借款“${title}”第${period}期${amount}将于${dueDate}到期，请按时还款。",
  promise_reminder: "您承诺于${promiseDate}还款${amount}元，目前尚差${owed}元，请尽快到营业厅或通过约定渠道还款。",
  loan_disbursement: "您的借款${amount}${detail}",
  offer_expired: "您获批的借款${amount}超过${days}天未签约，借款条件已过期，占用的借款额度已释放。如仍需借款，可重新申请。",
  auto_invest_placed: "您的自动投标规则「${rule}」已出借${amount}到项目「${title}」，可在“我的资产”查看。",
  application_reviewed: "您的借款申请${detail}",
  loan_signed: "您已签署借款“${title}”的全部协议，借款${amount}已发布募集，满标后放款。",
  loan_funded: "您的借款“${title}”已满标（${amount}），平台将尽快放款。",
  repayment_received: "您的借款“${title}”已收到还款${amount}。",
  return_received: "您出借的“${title}”收到回款${amount}，已存入可用余额。",
  claim_sold: "您转让的“${title}”债权（本金${principal}）已售出，扣除手续费后${proceeds}已存入可用余额。",
};

const VARIABLE = /\$\{(\w+)\}/g;

/** The variable names a kind's template uses, in order. */
export function templateVariables(kind: SmsKind): string[] {
  return [...SMS_TEMPLATES[kind].matchAll(VARIABLE)].map((m) => m[1]!);
}

/** Throws when a parameter the template needs is missing or not a string (a programmer error). */
export function checkSmsParams(kind: SmsKind, params: Readonly<Record<string, unknown>>): void {
  for (const name of templateVariables(kind)) {
    if (typeof params[name] !== "string") throw new Error(`SMS ${kind} needs a string parameter "${name}"`);
  }
}

/** The template with its variables filled in: the one wording of a notification (SMS and inbox alike). */
export function renderSmsText<K extends SmsKind>(kind: K, params: SmsParams<K> | Readonly<Record<string, string>>): string {
  const values = params as Readonly<Record<string, string>>;
  return SMS_TEMPLATES[kind].replace(VARIABLE, (_, name: string) => values[name] ?? "");
}

/** The text as the person reads it: 【sign】 and the template with its variables filled in. */
export function renderSmsBody<K extends SmsKind>(kind: K, params: SmsParams<K> | Readonly<Record<string, string>>, signName: string): string {
  return `【${signName}】${renderSmsText(kind, params)}`;
}
