import { expect, it } from "vitest";
import { users } from "../../db/schema";
import { createTestOperator, describeEachDatabase } from "../../db/testing";
import { CapturingSms, setupWorld, simPhone } from "./world";
import { createSandboxOperatorData } from "../borrowing/operator-data";

describeEachDatabase("simulation world", (ctx) => {
  it("numbers new people above the highest an earlier run used, so a run stopped half-way leaves no collision", async () => {
    const operator = await createTestOperator(ctx.db, "simworld");
    // An earlier run stopped by kill -9: people 3 and 10 signed up, the numbers between were handed out but never used.
    await ctx.db.insert(users).values([3, 10].map((n) => ({ operatorId: operator.id, phone: simPhone(n) })));
    const world = await setupWorld(ctx.db, { operatorSlug: "simworld", secretKey: new Uint8Array(32), operatorData: createSandboxOperatorData(), sms: new CapturingSms() });
    expect(world.nextPersonNo()).toBeGreaterThan(10);
  });
});
