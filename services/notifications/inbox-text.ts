import { isSmsKind, noticeDetailEn, renderSmsText, type SmsKind } from "../sms";

/** How the reader reads: their language, and the portal's one date formatter for a calendar date "2026-12-10". */
export interface InboxReading {
  locale: "zh-CN" | "en";
  date: (isoDate: string) => string;
}

/** The English wording of each kind, with the same `${name}` variables as the SMS templates (services/sms). */
export const INBOX_TEMPLATES_EN: Readonly<Record<SmsKind, string>> = {
  login_code: "Your sign-in code is ${code}, valid for ${minutes} minutes. Do not tell anyone.",
  signing_code: "You are ${action}; the code is ${code}, valid for ${minutes} minutes. Do not tell anyone; our staff will never ask for it.",
  withdrawal_update: "Your withdrawal of ${amount}${detail}",
  loan_unfunded: "The loan “${title}” you lent to did not fill by its deadline; the ${amount} reserved for it is back in your available balance.",
  repayment_due: "Installment ${period} of your loan “${title}”, ${amount}, is due on ${dueDate}. Please repay on time.",
  promise_reminder: "You promised to repay ¥${amount} by ${promiseDate}; ¥${owed} is still owed. Please pay at a store or through your agreed channel soon.",
  loan_disbursement: "Your loan of ${amount}${detail}",
  offer_expired: "Your approved loan of ${amount} was not signed within ${days} days, so the offer has expired and the credit it held is released. Apply again if you still need a loan.",
  auto_invest_placed: "Your auto-invest rule “${rule}” lent ${amount} to the loan “${title}”; see it in My portfolio.",
  application_reviewed: "Your loan application${detail}",
  loan_signed: "You have signed every agreement for the loan “${title}”; the ${amount} loan is listed for funding and is paid out once it fills.",
  loan_funded: "Your loan “${title}” is fully funded (${amount}); the platform will pay it out soon.",
  repayment_received: "Your repayment of ${amount} for the loan “${title}” has been received.",
  return_received: "The loan “${title}” you lent to paid you ${amount}; it is in your available balance.",
  claim_sold: "Your claim on the loan “${title}” (principal ${principal}) has sold; ${proceeds} after the fee is in your available balance.",
};

const DATE_PARAMS = ["dueDate", "promiseDate"];
const VARIABLE = /\$\{(\w+)\}/g;

/**
 * A stored notification (kind + parameters) in the reader's language, rendered when read: in
 * Chinese the SMS template, in English its English wording with a `detail` sentence read back
 * into English (services/sms/notice-details.ts). Calendar dates go through the reader's date
 * formatter. A detail that is none of ours keeps the whole text in Chinese rather than mix.
 */
export function inboxText(kind: string, params: Readonly<Record<string, string>>, reading?: InboxReading): string {
  if (!isSmsKind(kind)) return "";
  const values: Record<string, string> = { ...params };
  if (reading) for (const name of DATE_PARAMS) if (/^\d{4}-\d{2}-\d{2}$/.test(values[name] ?? "")) values[name] = reading.date(values[name]!);
  if (reading?.locale !== "en") return renderSmsText(kind, values);
  if (typeof values.detail === "string") {
    const detailEn = noticeDetailEn(values.detail);
    if (detailEn === null) return renderSmsText(kind, values);
    values.detail = detailEn;
  }
  return INBOX_TEMPLATES_EN[kind].replace(VARIABLE, (_, name: string) => values[name] ?? "");
}
