import { desc, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { loanRepaymentChannels, loans } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { DomainError } from "../shared/errors";
import { loadApplicationFor, type Actor } from "./access";
import { checkBorrowingCode, consumeBorrowingCode } from "./codes";
import { recordEvent } from "./events";
import { checkChannel } from "./signing";
import { debitEntrustmentFor } from "./sign-debit-entrustment";

export async function currentRepaymentChannel(db: DbOrTx, loanId: string) {
  const [row] = await db.select().from(loanRepaymentChannels).where(eq(loanRepaymentChannels.loanId, loanId)).orderBy(desc(loanRepaymentChannels.createdAt)).limit(1);
  return row ?? null;
}

/**
 * Changes how a signed loan is repaid, confirmed by an SMS code to the borrower's phone
 * (purpose `repayment_channel`, subject the loan). Passbook auto-debit needs the signed
 * 委托划扣协议书, which the new row points to. History is kept: the newest row is in force.
 */
export async function changeRepaymentChannel(
  db: Db,
  input: {
    operatorId: string;
    applicationId: string;
    actor: Actor;
    channel: string;
    storeId?: string | null;
    code: string;
    secretKey: Uint8Array;
    /** Moving to passbook debit without the entrustment signed: its name, the hash of the text read, where from. */
    entrustment?: { operatorNameZh: string; seenHash: string | null; ip: string; userAgent: string };
    now?: Date;
  },
): Promise<void> {
  const now = input.now ?? new Date();
  const { app, as } = await loadApplicationFor(db, { ...input, allow: ["borrower", "clerk"] });
  if (app.status !== "signed" || !app.loanId) throw new DomainError("application.wrong_status", { details: { status: app.status } });
  const { channel, storeId } = await checkChannel(db, input.operatorId, app, input.channel, input.storeId ?? null);
  const current = await currentRepaymentChannel(db, app.loanId);
  if (current && current.channel === channel && current.storeId === storeId) throw new DomainError("repayment_channel.unchanged", { field: "channel" });
  const { codeId } = await checkBorrowingCode(db, { operatorId: input.operatorId, purpose: "repayment_channel", subject: app.loanId, phone: app.phone, code: input.code, secretKey: input.secretKey, now });
  await db.transaction(async (tx) => {
    const [loan] = await tx.select().from(loans).where(eq(loans.id, app.loanId!)).for("update");
    if (!loan || loan.status === "closed" || loan.status === "failed") throw new DomainError("application.wrong_status", { details: { status: loan?.status ?? "none" } });
    await consumeBorrowingCode(tx, codeId, now);
    const e = input.entrustment;
    const entrustment =
      channel === "passbook_debit"
        ? await debitEntrustmentFor(tx, {
            app,
            operatorNameZh: e?.operatorNameZh ?? "",
            seenHash: e?.seenHash ?? null,
            signerUserId: app.borrowerUserId,
            witnessUserId: as === "clerk" ? input.actor.userId : null,
            ip: e?.ip ?? "",
            userAgent: e?.userAgent ?? "",
            now,
          })
        : null;
    await tx.insert(loanRepaymentChannels).values({ operatorId: input.operatorId, loanId: loan.id, channel, storeId, entrustmentSignatureId: entrustment, chosenByUserId: input.actor.userId, createdAt: now });
    await recordEvent(tx, { operatorId: input.operatorId, applicationId: app.id, kind: "repayment_channel_changed", actorUserId: input.actor.userId, details: { from: current?.channel ?? null, to: channel } }, now);
    await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.actor.userId, action: "loan.repayment_channel_changed", subject: loan.id, details: { from: current?.channel ?? null, to: channel } }, now);
  });
}
