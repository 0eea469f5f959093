import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { agreementSignatures } from "../../db/schema";
import { beijingDate } from "../shared/calendar";
import { DomainError } from "../shared/errors";
import type { Application } from "./access";
import { agreementContext } from "./agreement-context";
import { renderAgreement, type RenderedAgreement } from "./agreements";

function renderDebit(db: DbOrTx, app: Application, input: { operatorNameZh: string; now?: Date }): Promise<RenderedAgreement> {
  return agreementContext(db, app, { operatorNameZh: input.operatorNameZh, date: beijingDate(input.now ?? new Date()) }).then((c) => renderAgreement("debit", c));
}

async function signedDebit(db: DbOrTx, applicationId: string): Promise<string | null> {
  const [signed] = await db
    .select({ id: agreementSignatures.id })
    .from(agreementSignatures)
    .where(and(eq(agreementSignatures.applicationId, applicationId), eq(agreementSignatures.kind, "debit")));
  return signed?.id ?? null;
}

/**
 * The debit entrustment (委托划扣协议书) a borrower would sign today to move to passbook
 * debit; null when they signed it with the loan or gave no passbook (nothing to sign here).
 */
export async function previewDebitEntrustment(db: DbOrTx, app: Application, input: { operatorNameZh: string; now?: Date }): Promise<RenderedAgreement | null> {
  if (!app.passbookAccountMasked || (await signedDebit(db, app.id))) return null;
  return renderDebit(db, app, input);
}

/**
 * The signed debit entrustment a passbook auto-debit points to: the one signed with the
 * loan, or — for a borrower who chose another channel then and moves to passbook debit
 * now — signed here, if the text they read (`seenHash`) is the text of today. Runs in the
 * channel change's transaction, under its SMS code.
 */
export async function debitEntrustmentFor(
  tx: DbOrTx,
  input: { app: Application; operatorNameZh: string; seenHash: string | null; signerUserId: string; witnessUserId: string | null; ip: string; userAgent: string; now: Date },
): Promise<string> {
  const { app, now } = input;
  const signed = await signedDebit(tx, app.id);
  if (signed) return signed;
  if (!app.passbookAccountMasked) throw new DomainError("signing.passbook_required", { field: "channel" });
  if (!input.seenHash) throw new DomainError("signing.debit_consent_required", { field: "debitConsent" });
  const agreement = await renderDebit(tx, app, { operatorNameZh: input.operatorNameZh, now });
  if (agreement.documentHash !== input.seenHash) throw new DomainError("signing.agreements_changed", { field: "debitConsent" });
  const [row] = await tx
    .insert(agreementSignatures)
    .values({
      operatorId: app.operatorId,
      applicationId: app.id,
      kind: agreement.kind,
      templateVersion: agreement.templateVersion,
      title: agreement.title,
      content: agreement.content,
      documentHash: agreement.documentHash,
      signerUserId: app.borrowerUserId,
      witnessUserId: input.witnessUserId,
      signedAt: now,
      ip: input.ip.slice(0, 100),
      userAgent: input.userAgent.slice(0, 500),
    })
    .returning({ id: agreementSignatures.id });
  return row!.id;
}
