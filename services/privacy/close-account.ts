import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { users } from "../../db/schema";
import { recordAudit } from "../audit";
import { invalidateUserSessions } from "../identity";
import { DomainError } from "../shared/errors";
import { findClosingObstacles } from "./find-closing-obstacles";

/**
 * Closes the person's own account (PIPL): refused with the reasons while anything is
 * outstanding (find-closing-obstacles.ts); otherwise, in one transaction, the account is
 * marked closed, its password is removed, every session ends and the
 * closing is audited. Everything else stays as it was: the platform's records (applications,
 * loans, agreements, the ledger) are never deleted or altered (DESIGN.md), and the retained
 * personal data is read only by staff under the audited rules. Sign-in is refused from now on
 * (services/identity). docs/decisions/2026-12-04-account-closing.md.
 */
export async function closeAccount(db: Db, input: { operatorId: string; userId: string; confirmed: boolean; now?: Date }): Promise<void> {
  if (!input.confirmed) throw new DomainError("privacy.confirm_required", { field: "confirm" });
  const now = input.now ?? new Date();
  await db.transaction(async (tx) => {
    // One closing at a time per person, and no new session slips in between the check and the close.
    const [user] = await tx
      .select({ closedAt: users.closedAt })
      .from(users)
      .where(and(eq(users.id, input.userId), eq(users.operatorId, input.operatorId)))
      .for("update");
    if (!user) throw new Error(`user ${input.userId} is not at operator ${input.operatorId}`);
    if (user.closedAt) return;
    const obstacles = await findClosingObstacles(tx, input);
    if (obstacles.length > 0) throw new DomainError("privacy.account_not_closable", { field: "confirm", details: { reasons: obstacles.join(",") } });
    await tx.update(users).set({ closedAt: now, passwordHash: null }).where(eq(users.id, input.userId));
    const sessions = await invalidateUserSessions(tx, input.userId);
    await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.userId, action: "account.closed", subject: input.userId, details: { sessionsEnded: sessions } }, now);
  });
}
