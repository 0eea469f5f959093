import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { auditLog, operators } from "../../db/schema";
import { DomainError } from "../shared/errors";
import { addOperator } from "./add-operator";
import { grantStaffRole } from "./grant-staff-role";
import { checkFrameOrigins, updateOperatorBrand } from "./update-operator-brand";

const codeOf = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof DomainError ? `${e.code}@${e.field}` : `unexpected: ${String(e)}`));

/** A 1×1 PNG (signature, IHDR with width and height, nothing else needed by the check). */
function png(width: number, height: number): Uint8Array {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(bytes.buffer).setUint32(16, width);
  new DataView(bytes.buffer).setUint32(20, height);
  return bytes;
}

describeEachDatabase("operator brand from the admin console", (ctx) => {
  it("changes names, colour, frame origins and logo; refuses a bad field and changes nothing", async () => {
    const { operatorId } = await addOperator(ctx.db, { slug: "brandadm", nameZh: "测试广电", nameEn: "Test Broadnet", actor: { system: "test" } });
    const { userId: admin } = await grantStaffRole(ctx.db, { operatorId, phone: "13900000001", role: "admin", actor: { system: "test" } });
    const brand = { nameZh: "中国广电", nameEn: "China Broadnet", brandPrimary: "#6A1B9A", frameOrigins: "https://app.10099.com.cn\nhttps://app.10099.com.cn", logoPng: png(64, 64) };
    await updateOperatorBrand(ctx.db, { operatorId, brand, actorUserId: admin });
    const [row] = await ctx.db.select().from(operators).where(eq(operators.id, operatorId));
    expect(row).toMatchObject({ nameZh: "中国广电", brandPrimary: "#6a1b9a", frameAncestors: ["https://app.10099.com.cn"] });
    expect(row!.logoPath.startsWith("data:image/png;base64,")).toBe(true);

    for (const [bad, field] of [
      [{ logoPng: new TextEncoder().encode("<svg onload=alert(1)>") }, "logo"],
      [{ logoPng: png(2000, 10) }, "logo"],
      [{ frameOrigins: "https://evil.example/path" }, "frameOrigins"],
      [{ frameOrigins: "http://app.example.com" }, "frameOrigins"],
      [{ brandPrimary: "red" }, "brandPrimary"],
      [{ nameZh: "Broadnet" }, "nameZh"],
    ] as const) {
      expect(await codeOf(updateOperatorBrand(ctx.db, { operatorId, brand: { ...brand, ...bad }, actorUserId: admin })), field).toMatch(new RegExp(`@${field}$`));
    }
    expect((await ctx.db.select().from(operators).where(eq(operators.id, operatorId)))[0]!.nameZh).toBe("中国广电");
    expect(await ctx.db.select().from(auditLog).where(eq(auditLog.action, "operator.brand_updated"))).toHaveLength(1);
    expect(checkFrameOrigins("http://localhost:3100 https://a.cn:8443")).toEqual(["http://localhost:3100", "https://a.cn:8443"]);
  });
});
