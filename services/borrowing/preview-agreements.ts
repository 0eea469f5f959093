import type { DbOrTx } from "../../db/client";
import { beijingDate } from "../shared/calendar";
import { loadApplicationFor, type Actor, type Application } from "./access";
import { agreementContext } from "./agreement-context";
import { renderAgreements, type RenderedAgreement } from "./agreements";

/** The agreements as they would be signed today for the chosen repayment channel (read before signing). */
export async function previewAgreements(
  db: DbOrTx,
  input: { operatorId: string; applicationId: string; actor: Actor; operatorNameZh: string; now?: Date },
): Promise<{ app: Application; agreements: RenderedAgreement[] }> {
  const { app } = await loadApplicationFor(db, { ...input, allow: ["borrower", "clerk", "staff"] });
  const context = await agreementContext(db, app, { operatorNameZh: input.operatorNameZh, date: beijingDate(input.now ?? new Date()) });
  return { app, agreements: renderAgreements(context, app.repaymentChannel) };
}
