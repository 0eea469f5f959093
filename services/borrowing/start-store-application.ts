import type { Db } from "../../db/client";
import { loanApplications } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { findOrCreateUser } from "../identity/find-or-create-user";
import { getClerkStore } from "../stores/stores";
import { DomainError } from "../shared/errors";
import type { Application } from "./access";
import { checkBorrowingCode, consumeBorrowingCode } from "./codes";
import { recordEvent } from "./events";
import { findOpenApplication } from "./find-open-application";

/**
 * A store clerk opens an application for a customer at the counter. The customer's phone
 * is proved by the code sent to it (`sendBorrowingCode` purpose `verify_phone`, subject
 * `store:<clerk>:<phone>`); the customer's account is found or created by that phone.
 */
export async function startStoreApplication(
  db: Db,
  input: { operatorId: string; clerkUserId: string; phone: string; code: string; secretKey: Uint8Array; now?: Date },
): Promise<Application> {
  const now = input.now ?? new Date();
  const store = await getClerkStore(db, { operatorId: input.operatorId, userId: input.clerkUserId });
  if (!store) throw new DomainError("application.store_required", { field: "phone" });
  const { codeId } = await checkBorrowingCode(db, {
    operatorId: input.operatorId,
    purpose: "verify_phone",
    subject: storeCodeSubject(input.clerkUserId, input.phone),
    phone: input.phone,
    code: input.code,
    secretKey: input.secretKey,
    now,
  });
  return db.transaction(async (tx) => {
    await consumeBorrowingCode(tx, codeId, now);
    const borrower = await findOrCreateUser(tx, input.operatorId, input.phone);
    if (borrower.id === input.clerkUserId) throw new DomainError("application.forbidden", { field: "phone" });
    const open = await findOpenApplication(tx, input.operatorId, borrower.id);
    if (open) throw new DomainError("application.open_exists", { field: "phone" });
    const [row] = await tx
      .insert(loanApplications)
      .values({
        operatorId: input.operatorId,
        borrowerUserId: borrower.id,
        createdByUserId: input.clerkUserId,
        channel: "store",
        intakeStoreId: store.id,
        phone: input.phone,
        phoneVerifiedAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordEvent(tx, { operatorId: input.operatorId, applicationId: row!.id, kind: "created_at_store", actorUserId: input.clerkUserId, details: { storeId: store.id, storeCode: store.code } }, now);
    await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.clerkUserId, action: "application.created_at_store", subject: row!.id, details: { storeId: store.id } }, now);
    return row!;
  });
}

/** The subject of the clerk's phone-verification code for this customer. */
export function storeCodeSubject(clerkUserId: string, phone: string): string {
  return `store:${clerkUserId}:${phone}`;
}
