import { getConfig } from "./config.server";
import { getSms } from "./sms.server";
import { operatorApiForSlug } from "./operator-api.server";
import { cookieAttributes, isEmbedded, readCookie } from "./embed.server";
import { borrowing, sms } from "./services.server";
import { randomToken } from "../services/shared/random";

/**
 * Subscriber data for the review: each operator's API (OPERATOR_API_<SLUG>_*) where configured
 * — always in production, where the boot check requires it. Outside production an operator
 * without one uses the sandbox's demo subscribers. Failures refer the application to a person.
 */
export const operatorData = borrowing.createOperatorApiSubscriberData({
  clientFor: async (slug) => operatorApiForSlug(slug),
  ...(process.env.APP_ENV === "production" ? {} : { fallback: borrowing.createSandboxOperatorData() }),
  log: (line) => console.warn(`[operator-api] ${line}`),
});
/** One-time codes (signing, the store's phone check, the repayment channel): sent while the person waits. */
export const codeSms: sms.OneTimeCodeSms = {
  record: (tx, message) => getSms().codes.record(tx, message),
  sendNow: (db, id, field) => getSms().codes.sendNow(db, id, field),
};

const DEVICE_COOKIE = "dvc";

/**
 * A long-lived random device identifier (HttpOnly) for the multi-application and
 * device black-list checks. Returns the id and, when new, the Set-Cookie to send.
 */
export function deviceId(request: Request): { id: string; setCookie: string | null } {
  const existing = readCookie(request, DEVICE_COOKIE);
  if (existing && /^[a-z0-9]{16,64}$/.test(existing)) return { id: existing, setCookie: null };
  const id = randomToken(24);
  const attributes = cookieAttributes(isEmbedded(request), getConfig().secureCookies);
  return { id, setCookie: `${DEVICE_COOKIE}=${id}; Path=/; HttpOnly; ${attributes}; Max-Age=${2 * 365 * 24 * 3600}` };
}

import { formatPercent as pct } from "../services/shared/percent";

export { pct };

export function userAgent(request: Request): string {
  return request.headers.get("user-agent") ?? "unknown";
}

/** An offer as pages show it (percentages formatted here, amounts stay strings). */
export function offerView(offer: borrowing.Offer | null) {
  if (!offer) return null;
  return {
    productNameZh: offer.productNameZh,
    productNameEn: offer.productNameEn,
    productCode: offer.productCode,
    productVersion: offer.productVersion,
    amount: offer.amount,
    rate: pct(offer.annualRate),
    termMonths: offer.termMonths,
    method: offer.method,
    totalRepay: offer.totalRepay,
    totalInterest: offer.totalInterest,
    cost: pct(offer.allInAnnualCost, 4),
    cap: pct(offer.legalCap),
    installments: offer.installments.map((i) => ({ n: i.n, principal: i.principal, interest: i.interest, payment: i.payment })),
  };
}

/** The timeline of an application and its loan, oldest first. */
export function timelineView(detail: borrowing.ApplicationDetail) {
  const items = detail.events.map((e) => ({ id: e.id, kind: e.kind, at: e.createdAt.toISOString(), actor: e.actor, note: e.note }));
  const loan = detail.loan;
  if (loan?.fundedAt) items.push({ id: `${loan.id}-funded`, kind: "funded", at: loan.fundedAt.toISOString(), actor: null, note: null });
  if (loan?.status === "failed") items.push({ id: `${loan.id}-failed`, kind: "failed", at: (loan.closedAt ?? loan.fundingDeadline).toISOString(), actor: null, note: null });
  if (loan?.status === "closed" && loan.closedAt) items.push({ id: `${loan.id}-closed`, kind: "closed", at: loan.closedAt.toISOString(), actor: null, note: null });
  return items.sort((a, b) => a.at.localeCompare(b.at));
}
