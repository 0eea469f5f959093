import { and, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { auditLog, operators, users } from "../../db/schema";
import { describeEachDatabase } from "../../db/testing";
import { startOfBeijingDay } from "../shared/calendar";
import { domainErrorCode as codeOf } from "../shared/testing/domain-error-code";
import { exportAudit, listAudit, listAuditActions, recordAudit, revealPersonalData, revealReasonRequired, setRevealReasonRequired } from ".";

const at = (date: string, hour: number) => new Date(startOfBeijingDay(date).getTime() + hour * 3_600_000);

describeEachDatabase("audit log", (ctx) => {
  let db: Db;
  let operatorId: string;
  let finance: string;
  let admin: string;

  beforeAll(async () => {
    db = ctx.db;
    const [op] = await db.insert(operators).values({ slug: "audit", nameZh: "审计", nameEn: "Audit", logoPath: "/x.svg", brandPrimary: "#000", brandPrimaryDark: "#000", brandAccent: "#fff" }).returning();
    operatorId = op!.id;
    const [f] = await db.insert(users).values({ operatorId, phone: "13700000005", name: "钱会计" }).returning();
    const [a] = await db.insert(users).values({ operatorId, phone: "13700000008", name: "吴管理" }).returning();
    finance = f!.id;
    admin = a!.id;
    // Three days of events: finance exports on the 1st and 2nd (Beijing), admin changes settings on the 3rd at 23:00 Beijing.
    await recordAudit(db, { operatorId, actorUserId: finance, action: "statement.exported", subject: "custody:bank" }, at("2026-03-01", 9));
    for (let i = 0; i < 5; i++) await recordAudit(db, { operatorId, actorUserId: finance, action: "disclosure.exported", subject: `m${i}` }, at("2026-03-02", 9 + i));
    await recordAudit(db, { operatorId, actorUserId: admin, action: "borrowing.settings_changed" }, at("2026-03-03", 23));
    await recordAudit(db, { operatorId, actorUserId: null, action: "loan.funded" }, at("2026-03-03", 23));
  });

  it("filters by the acting person's phone, the action and Beijing dates (both inclusive)", async () => {
    const list = async (filter: Parameters<typeof listAudit>[1]["filter"]) => (await listAudit(db, { operatorId, filter })).rows.map((r) => r.action);
    expect(await list({ phone: "13700000008" })).toEqual(["borrowing.settings_changed"]);
    expect(await list({ phone: "0005" })).toHaveLength(6);
    expect(await list({ action: "statement.exported" })).toEqual(["statement.exported"]);
    expect(await list({ from: "2026-03-02", to: "2026-03-02" })).toEqual(Array(5).fill("disclosure.exported"));
    // 23:00 Beijing on the 3rd is 15:00 UTC: still the 3rd.
    expect((await list({ from: "2026-03-03" })).sort()).toEqual(["borrowing.settings_changed", "loan.funded"]);
    expect(await list({ to: "2026-03-01" })).toEqual(["statement.exported"]);
    expect(await codeOf(listAudit(db, { operatorId, filter: { from: "2026-02-30" } }))).toBe("audit.filter_date_invalid");
    // A day past 2999 has no next day the database can write: refused beside the field, not a 500.
    expect(await codeOf(listAudit(db, { operatorId, filter: { to: "9999-12-31" } }))).toBe("audit.filter_date_invalid");
    expect(await codeOf(listAudit(db, { operatorId, filter: { from: "2026-03-03", to: "2026-03-01" } }))).toBe("audit.filter_range_invalid");
    expect(await listAuditActions(db, operatorId)).toEqual(["borrowing.settings_changed", "disclosure.exported", "loan.funded", "statement.exported"]);
  });

  it("pages newest first without losing or repeating a row, ties included", async () => {
    const seen: string[] = [];
    let cursor: Awaited<ReturnType<typeof listAudit>>["next"] = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof listAudit>> = await listAudit(db, { operatorId, cursor, pageSize: 2 });
      seen.push(...page.rows.map((r) => r.id));
      cursor = page.next;
      pages += 1;
    } while (cursor);
    const all = await db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.operatorId, operatorId));
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(all.map((r) => r.id).sort());
  });

  it("exports every matching row with the filter it used", async () => {
    const result = await exportAudit(db, { operatorId, filter: { action: "disclosure.exported", phone: " 137 " } });
    expect(result.rows).toHaveLength(5);
    expect(result.truncated).toBe(false);
    expect(result.filter).toMatchObject({ action: "disclosure.exported", phone: "137" });
  });

  it("reveals personal data without a reason while the operator does not ask for one, and only with one after it does; both audited", async () => {
    const view = (reason?: string) => revealPersonalData(db, { operatorId, actorUserId: finance, record: "loan_application:x", subjectUserId: admin, fields: ["name", "phone"], reason });
    expect(await view()).toEqual({ revealed: true, reasonRequired: false });
    expect(await setRevealReasonRequired(db, { operatorId, required: true, actorUserId: admin })).toEqual({ changed: true });
    expect(await setRevealReasonRequired(db, { operatorId, required: true, actorUserId: admin })).toEqual({ changed: false });
    expect(await revealReasonRequired(db, operatorId)).toBe(true);
    expect(await view()).toEqual({ revealed: false, reasonRequired: true });
    expect(await view("   ")).toEqual({ revealed: false, reasonRequired: true });
    expect(await view("核对身份")).toEqual({ revealed: true, reasonRequired: true });
    expect(await codeOf(view("x".repeat(201)))).toBe("audit.reason_invalid");
    const views = await db.select().from(auditLog).where(and(eq(auditLog.operatorId, operatorId), eq(auditLog.action, "personal_data.viewed")));
    expect(views.map((v) => v.details)).toEqual([
      { subjectUserId: admin, fields: ["name", "phone"] },
      { subjectUserId: admin, fields: ["name", "phone"], reason: "核对身份" },
    ]);
    const changed = await db.select().from(auditLog).where(and(eq(auditLog.operatorId, operatorId), eq(auditLog.action, "operator.reveal_reason_changed")));
    expect(changed).toEqual([expect.objectContaining({ actorUserId: admin, details: { required: true } })]);
  });
});
