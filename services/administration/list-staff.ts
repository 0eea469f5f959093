import { and, asc, desc, eq, inArray, ne } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "../../db/client";
import { staffRoleRequests, userRoles, users } from "../../db/schema";
import { STAFF_ROLES, type Role } from "../identity/roles";
import { maskPhone } from "../shared/mask-phone";

/** The console lists every staff member; operators have tens, not thousands. */
export const MAX_STAFF_LISTED = 500;
/** Decided requests shown below the pending ones, newest first. */
export const RECENT_DECISIONS_LISTED = 20;

export interface StaffMember {
  userId: string;
  phoneMasked: string;
  name: string | null;
  roles: Role[];
}

export interface StaffRequestView {
  id: string;
  userId: string;
  phoneMasked: string;
  role: Role;
  reason: string;
  status: "pending" | "approved" | "rejected";
  requestedBy: string;
  requestedByMe: boolean;
  requestedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
}

/** The operator's staff with their roles, pending role requests and the latest decisions. */
export async function listStaff(db: DbOrTx, input: { operatorId: string; viewerUserId: string }): Promise<{ staff: StaffMember[]; requests: StaffRequestView[] }> {
  const rows = await db
    .select({ userId: users.id, phone: users.phone, name: users.name, role: userRoles.role })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .where(and(eq(users.operatorId, input.operatorId), inArray(userRoles.role, [...STAFF_ROLES])))
    .orderBy(asc(users.phone), asc(userRoles.role))
    .limit(MAX_STAFF_LISTED * STAFF_ROLES.length);
  const byUser = new Map<string, StaffMember>();
  for (const r of rows) {
    const member = byUser.get(r.userId) ?? { userId: r.userId, phoneMasked: maskPhone(r.phone), name: r.name, roles: [] };
    member.roles.push(r.role);
    byUser.set(r.userId, member);
  }
  return { staff: [...byUser.values()].slice(0, MAX_STAFF_LISTED), requests: await listRequests(db, input) };
}

async function listRequests(db: DbOrTx, input: { operatorId: string; viewerUserId: string }): Promise<StaffRequestView[]> {
  const target = alias(users, "target");
  const maker = alias(users, "maker");
  const checker = alias(users, "checker");
  const select = () =>
    db
      .select({ r: staffRoleRequests, targetPhone: target.phone, makerPhone: maker.phone, makerName: maker.name, checkerPhone: checker.phone, checkerName: checker.name })
      .from(staffRoleRequests)
      .innerJoin(target, eq(target.id, staffRoleRequests.userId))
      .innerJoin(maker, eq(maker.id, staffRoleRequests.requestedByUserId))
      .leftJoin(checker, eq(checker.id, staffRoleRequests.decidedByUserId));
  const pending = await select().where(and(eq(staffRoleRequests.operatorId, input.operatorId), eq(staffRoleRequests.status, "pending"))).orderBy(asc(staffRoleRequests.requestedAt)).limit(MAX_STAFF_LISTED);
  const decided = await select().where(and(eq(staffRoleRequests.operatorId, input.operatorId), ne(staffRoleRequests.status, "pending"))).orderBy(desc(staffRoleRequests.decidedAt)).limit(RECENT_DECISIONS_LISTED);
  return [...pending, ...decided].map(({ r, targetPhone, makerPhone, makerName, checkerPhone, checkerName }) => ({
    id: r.id,
    userId: r.userId,
    phoneMasked: maskPhone(targetPhone),
    role: r.role,
    reason: r.reason,
    status: r.status,
    requestedBy: makerName ?? maskPhone(makerPhone),
    requestedByMe: r.requestedByUserId === input.viewerUserId,
    requestedAt: r.requestedAt,
    decidedBy: checkerPhone ? (checkerName ?? maskPhone(checkerPhone)) : null,
    decidedAt: r.decidedAt,
    decisionNote: r.decisionNote,
  }));
}
