import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { auditLog, borrowingSettings, ledgerAccounts, userRoles, users } from "../../db/schema";
import { verifyPassword } from "../identity/password-hash";
import { checkLedger } from "../ledger";
import { getOperatorBySlug } from "../operators";
import { DomainError } from "../shared/errors";
import { addOperator } from "./add-operator";
import { grantStaffRole } from "./grant-staff-role";

async function codeOf(promise: Promise<unknown>): Promise<string | null> {
  return promise.then(
    () => null,
    (e: unknown) => (e instanceof DomainError ? `${e.code}@${e.field}` : `unexpected: ${String(e)}`),
  );
}

const cli = { system: "cli" } as const;

describeEachDatabase("operator onboarding and staff grants", (ctx) => {
  it("adds an operator with its brand, books and compliance profile, once", async () => {
    const first = await addOperator(ctx.db, { slug: "cbn", nameZh: "中国广电", nameEn: "China Broadnet", brandPrimary: "#6A1B9A", actor: cli });
    expect(first.created).toBe(true);
    const again = await addOperator(ctx.db, { slug: "cbn", nameZh: "中国广电", nameEn: "China Broadnet", brandPrimary: "#6A1B9A", actor: cli });
    expect(again).toEqual({ operatorId: first.operatorId, created: false });

    const brand = await getOperatorBySlug(ctx.db, "cbn");
    expect(brand).toMatchObject({ nameZh: "中国广电", brandPrimary: "#6a1b9a", brandPrimaryDark: "#501474", signOnAvailable: false });
    expect(brand!.logoPath.startsWith("data:image/svg+xml,")).toBe(true);
    const accounts = await ctx.db.select({ code: ledgerAccounts.code }).from(ledgerAccounts).where(eq(ledgerAccounts.operatorId, first.operatorId));
    expect(accounts.map((a) => a.code).sort()).toEqual(["clearing:card", "clearing:passbook", "clearing:phonebill", "custody:bank", "expense:channel-fee", "revenue:penalty", "revenue:service-fee"]);
    const [settings] = await ctx.db.select().from(borrowingSettings).where(eq(borrowingSettings.operatorId, first.operatorId));
    expect(settings).toMatchObject({ legalCapMultiple: "4.00", exposureCap: "200000.00" });
    const audits = await ctx.db.select().from(auditLog).where(and(eq(auditLog.operatorId, first.operatorId), eq(auditLog.action, "operator.created")));
    expect(audits).toHaveLength(1);
    expect((await checkLedger(ctx.db)).ok).toBe(true);
  });

  it("refuses bad input by field and changes nothing", async () => {
    const base = { slug: "ok-slug", nameZh: "好运营商", nameEn: "Good Operator", actor: cli };
    expect(await codeOf(addOperator(ctx.db, { ...base, slug: "Bad Slug" }))).toBe("operator.invalid_slug@slug");
    expect(await codeOf(addOperator(ctx.db, { ...base, slug: "x" }))).toBe("operator.invalid_slug@slug");
    expect(await codeOf(addOperator(ctx.db, { ...base, nameZh: "English only" }))).toBe("operator.invalid_name@nameZh");
    expect(await codeOf(addOperator(ctx.db, { ...base, nameEn: "名字" }))).toBe("operator.invalid_name@nameEn");
    expect(await codeOf(addOperator(ctx.db, { ...base, brandPrimary: "red" }))).toBe("operator.invalid_colour@brandPrimary");
    expect(await getOperatorBySlug(ctx.db, "ok-slug")).toBeNull();
    await addOperator(ctx.db, base);
    expect(await codeOf(addOperator(ctx.db, { ...base, nameZh: "另一个" }))).toBe("operator.slug_taken@slug");
  });

  it("grants a staff role to a new or existing user, sets a first password only, idempotently", async () => {
    const { operatorId } = await addOperator(ctx.db, { slug: "staffop", nameZh: "员工运营商", nameEn: "Staff Operator", actor: cli });
    const first = await grantStaffRole(ctx.db, { operatorId, phone: "13900000001", role: "admin", password: "Admin2026x", actor: cli });
    expect(first).toMatchObject({ userCreated: true, roleGranted: true, passwordSet: true });
    const again = await grantStaffRole(ctx.db, { operatorId, phone: "13900000001", role: "admin", password: "Other2026x", actor: cli });
    expect(again).toEqual({ userId: first.userId, userCreated: false, roleGranted: false, passwordSet: false });
    const [user] = await ctx.db.select().from(users).where(eq(users.id, first.userId));
    expect(await verifyPassword(user!.passwordHash!, "Admin2026x")).toBe(true);
    await grantStaffRole(ctx.db, { operatorId, phone: "13900000001", role: "finance", actor: cli });
    const roles = await ctx.db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, first.userId));
    expect(roles.map((r) => r.role).sort()).toEqual(["admin", "finance"]);
    const grants = await ctx.db.select().from(auditLog).where(and(eq(auditLog.operatorId, operatorId), eq(auditLog.action, "staff.role_granted")));
    expect(grants).toHaveLength(2);
  });

  it("refuses an invalid phone, a role that is not a staff role and a weak password, writing nothing", async () => {
    const { operatorId } = await addOperator(ctx.db, { slug: "refuse", nameZh: "拒绝运营商", nameEn: "Refuse Operator", actor: cli });
    expect(await codeOf(grantStaffRole(ctx.db, { operatorId, phone: "12345", role: "admin", actor: cli }))).toBe("phone.invalid@phone");
    expect(await codeOf(grantStaffRole(ctx.db, { operatorId, phone: "13900000002", role: "borrower", actor: cli }))).toBe("staff.unknown_role@role");
    expect(await codeOf(grantStaffRole(ctx.db, { operatorId, phone: "13900000002", role: "wizard", actor: cli }))).toBe("staff.unknown_role@role");
    expect(await codeOf(grantStaffRole(ctx.db, { operatorId, phone: "13900000002", role: "admin", password: "short", actor: cli }))).toBe("auth.password_too_weak@newPassword");
    expect(await ctx.db.select().from(users).where(eq(users.operatorId, operatorId))).toEqual([]);
  });
});
