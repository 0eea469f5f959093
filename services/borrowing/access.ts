import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { loanApplications } from "../../db/schema";
import type { Role } from "../identity/roles";
import { getClerkStore } from "../stores/stores";
import { isUuid } from "../ledger/validate";
import { DomainError } from "../shared/errors";

export type Application = typeof loanApplications.$inferSelect;

/** Who is acting: a signed-in user with their roles. */
export interface Actor {
  userId: string;
  roles: readonly Role[];
}

/**
 * How an actor may see an application: as its borrower, as a clerk of the store it was
 * filled in at, or as staff (risk officers, finance, admins read everything).
 */
export type AccessAs = "borrower" | "clerk" | "staff";

export async function accessAs(db: DbOrTx, operatorId: string, app: Application, actor: Actor): Promise<AccessAs | null> {
  if (app.borrowerUserId === actor.userId) return "borrower";
  if (actor.roles.includes("store_clerk") && app.channel === "store" && app.intakeStoreId) {
    const store = await getClerkStore(db, { operatorId, userId: actor.userId });
    if (store?.id === app.intakeStoreId) return "clerk";
  }
  if (actor.roles.some((r) => r === "risk_officer" || r === "finance" || r === "admin")) return "staff";
  return null;
}

export async function loadApplication(db: DbOrTx, operatorId: string, applicationId: string, options: { forUpdate?: boolean } = {}): Promise<Application> {
  if (!isUuid(applicationId)) throw new DomainError("application.not_found");
  const query = db
    .select()
    .from(loanApplications)
    .where(and(eq(loanApplications.operatorId, operatorId), eq(loanApplications.id, applicationId)));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  if (!row) throw new DomainError("application.not_found");
  return row;
}

/** Loads an application the actor may see (else not found: its existence is not revealed). */
export async function loadApplicationFor(
  db: DbOrTx,
  input: { operatorId: string; applicationId: string; actor: Actor; allow?: readonly AccessAs[]; forUpdate?: boolean },
): Promise<{ app: Application; as: AccessAs }> {
  const app = await loadApplication(db, input.operatorId, input.applicationId, { forUpdate: input.forUpdate });
  const as = await accessAs(db, input.operatorId, app, input.actor);
  if (!as || (input.allow && !input.allow.includes(as))) throw new DomainError("application.not_found");
  return { app, as };
}
