import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { applicationChecks, callbackTasks, loanApplications } from "../../db/schema";
import { formatMoney } from "../shared/money-text";

/** What investors are told of the borrower's review (信息披露: 借款人信用信息摘要), in Chinese. */
export interface CreditSummary {
  /** The review's verdict as investors read it, e.g. 审核通过（已电话回访）. */
  grade: string;
  notesZh: string[];
}

type Evidence = Record<string, unknown>;
const text = (v: unknown) => (v === null || v === undefined ? "" : String(v));

/** One note per rule that tells an investor something; nothing that identifies the borrower. */
function noteOf(rule: string, hit: boolean, e: Evidence): string | null {
  switch (rule) {
    case "blacklist":
      return hit ? "命中平台黑名单" : "未命中平台黑名单";
    case "multi_application":
      return Number(e.total ?? 0) === 0 ? `近 ${text(e.windowDays)} 天无其他借款申请（含其他运营商）` : `近 ${text(e.windowDays)} 天其他借款申请 ${text(e.total)} 笔`;
    case "real_name":
      return e.match ? "运营商实名信息一致" : "运营商实名信息不一致";
    case "network_tenure":
      return `运营商在网 ${text(e.months)} 个月`;
    case "phone_bill_arrears":
      return Number(e.arrears ?? 0) > 0 ? `话费欠费 ${formatMoney(text(e.arrears))}` : "无话费欠费";
    default:
      return null;
  }
}

/**
 * The credit summary of the borrower of a listed loan, from the review recorded with its
 * application (rules checked, call-back). Null for a loan with no reviewed application
 * (e.g. listed by a seed or a test), which the page says is not available.
 */
export async function getCreditSummary(db: DbOrTx, input: { operatorId: string; loanId: string }): Promise<CreditSummary | null> {
  const [app] = await db
    .select({ id: loanApplications.id })
    .from(loanApplications)
    .where(and(eq(loanApplications.operatorId, input.operatorId), eq(loanApplications.loanId, input.loanId)));
  if (!app) return null;
  const checks = await db.select().from(applicationChecks).where(eq(applicationChecks.applicationId, app.id));
  if (checks.length === 0) return null;
  const [callback] = await db.select({ outcome: callbackTasks.outcome }).from(callbackTasks).where(eq(callbackTasks.applicationId, app.id));
  const notesZh = checks.map((c) => noteOf(c.rule, c.hit, (c.evidence ?? {}) as Evidence)).filter((n): n is string => n !== null);
  return { grade: callback?.outcome ? "审核通过（已电话回访核实）" : "审核通过", notesZh };
}
