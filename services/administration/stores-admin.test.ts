import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { auditLog, userRoles } from "../../db/schema";
import { getClerkStore } from "../stores";
import { DomainError } from "../shared/errors";
import { addOperator } from "./add-operator";
import { assignStoreClerk, removeStoreClerk } from "./assign-store-clerk";
import { grantStaffRole } from "./grant-staff-role";
import { listStoresWithClerks } from "./list-stores-with-clerks";
import { saveStore } from "./save-store";

const codeOf = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof DomainError ? `${e.code}${e.field ? `@${e.field}` : ""}` : `unexpected: ${String(e)}`));
const fields = { code: "s003", nameZh: "城南营业厅", nameEn: "Chengnan", addressZh: "人民路 8 号", regionZh: "河南省 郑州市" };

describeEachDatabase("stores from the admin console", (ctx) => {
  it("adds and changes a store by field, puts a clerk behind its counter and moves them between stores", async () => {
    const { operatorId } = await addOperator(ctx.db, { slug: "storeadm", nameZh: "测试运营商", nameEn: "Test operator", actor: { system: "test" } });
    const { userId: admin } = await grantStaffRole(ctx.db, { operatorId, phone: "13900000001", role: "admin", actor: { system: "test" } });
    const first = await saveStore(ctx.db, { operatorId, fields, update: false, actorUserId: admin });
    expect(first.created).toBe(true);
    expect(await codeOf(saveStore(ctx.db, { operatorId, fields, update: false, actorUserId: admin }))).toBe("store.code_taken@code");
    expect(await codeOf(saveStore(ctx.db, { operatorId, fields: { ...fields, code: "城南" }, update: false, actorUserId: admin }))).toBe("store.invalid_code@code");
    expect(await codeOf(saveStore(ctx.db, { operatorId, fields: { ...fields, code: "S004", addressZh: " " }, update: false, actorUserId: admin }))).toBe("store.invalid_field@addressZh");
    expect(await codeOf(saveStore(ctx.db, { operatorId, fields: { ...fields, code: "S009" }, update: true, actorUserId: admin }))).toBe("store.not_found@code");
    await saveStore(ctx.db, { operatorId, fields: { ...fields, addressZh: "人民路 10 号" }, update: true, actorUserId: admin });
    const second = await saveStore(ctx.db, { operatorId, fields: { ...fields, code: "S004", nameZh: "城北营业厅" }, update: false, actorUserId: admin });

    const clerk = await assignStoreClerk(ctx.db, { operatorId, storeId: first.storeId, phone: "13900000030", actorUserId: admin });
    expect(clerk.moved).toBe(false);
    expect(await ctx.db.select().from(userRoles).where(and(eq(userRoles.userId, clerk.userId), eq(userRoles.role, "store_clerk")))).toHaveLength(1);
    expect((await assignStoreClerk(ctx.db, { operatorId, storeId: second.storeId, phone: "13900000030", actorUserId: admin })).moved).toBe(true);
    expect((await getClerkStore(ctx.db, { operatorId, userId: clerk.userId }))?.code).toBe("S004");
    expect(await codeOf(assignStoreClerk(ctx.db, { operatorId, storeId: second.storeId, phone: "123", actorUserId: admin }))).toBe("phone.invalid@phone");

    const listed = await listStoresWithClerks(ctx.db, operatorId);
    expect(listed.map((s) => [s.code, s.addressZh, s.regionZh, s.clerks.map((c) => c.phoneMasked)])).toEqual([
      ["S003", "人民路 10 号", "河南省 郑州市", []],
      ["S004", "人民路 8 号", "河南省 郑州市", ["139****0030"]],
    ]);
    expect(await removeStoreClerk(ctx.db, { operatorId, storeId: second.storeId, userId: clerk.userId, actorUserId: admin })).toEqual({ removed: true });
    expect(await getClerkStore(ctx.db, { operatorId, userId: clerk.userId })).toBeNull();
    const actions = (await ctx.db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.operatorId, operatorId), eq(auditLog.actorUserId, admin)))).map((a) => a.action).sort();
    expect(actions).toEqual(["store.clerk_assigned", "store.clerk_assigned", "store.clerk_removed", "store.created", "store.created", "store.updated"]);
  });
});
