import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { loanApplications, users } from "../../db/schema";
import { DomainError } from "../shared/errors";
import type { Actor, Application } from "./access";
import { recordEvent } from "./events";
import { findOpenApplication } from "./find-open-application";

/**
 * The borrower's own application: their open one if any (a draft resumes where it was
 * left), else a new draft. Their phone is the signed-in user's, verified at sign-in.
 */
export async function startApplication(db: Db, input: { operatorId: string; actor: Actor; deviceId: string | null; now?: Date }): Promise<Application> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`application:${input.actor.userId}`}))`);
    const open = await findOpenApplication(tx, input.operatorId, input.actor.userId);
    if (open) return open;
    const [user] = await tx.select({ phone: users.phone }).from(users).where(eq(users.id, input.actor.userId));
    if (!user) throw new DomainError("application.forbidden");
    const [row] = await tx
      .insert(loanApplications)
      .values({
        operatorId: input.operatorId,
        borrowerUserId: input.actor.userId,
        createdByUserId: input.actor.userId,
        channel: "self",
        phone: user.phone,
        phoneVerifiedAt: now,
        deviceId: input.deviceId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordEvent(tx, { operatorId: input.operatorId, applicationId: row!.id, kind: "created", actorUserId: input.actor.userId }, now);
    return row!;
  });
}
