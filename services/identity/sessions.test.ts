import { eq } from "drizzle-orm";
import { beforeAll, expect, it, vi } from "vitest";
import { createTestOperator, describeEachDatabase } from "../../db/testing";
import { sessions, userRoles } from "../../db/schema";
import { createSession } from "./create-session";
import { validateSession } from "./validate-session";
import { invalidateSession, invalidateUserSessions } from "./invalidate-session";
import { findOrCreateUser } from "./find-or-create-user";
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from "./limits";

const DAY_MS = 24 * 60 * 60 * 1000;

describeEachDatabase("sessions", (ctx) => {
  let userId = "";
  beforeAll(async () => {
    const op = await createTestOperator(ctx.db, "t");
    userId = (await findOrCreateUser(ctx.db, op.id, "13800000001")).id;
  });

  it("creates a session whose token validates and stores only a hash of the secret", async () => {
    const t0 = new Date("2026-01-01T00:00:00Z");
    const created = await createSession(ctx.db, userId, t0);
    const valid = await validateSession(ctx.db, created.token, t0);
    expect(valid?.user.id).toBe(userId);
    expect(valid?.user.phone).toBe("13800000001");
    const [row] = await ctx.db.select().from(sessions).where(eq(sessions.id, created.sessionId));
    const secret = created.token.split(".")[1]!;
    expect(Buffer.from(row!.secretHash).toString("utf8")).not.toContain(secret);
    expect(row!.secretHash.length).toBe(32);
  });

  it("validates in one query and returns the user's roles, sorted, and whether a second factor is owed", async () => {
    const t0 = new Date("2026-01-01T00:00:00Z");
    const op = await createTestOperator(ctx.db, "t-roles");
    const staff = (await findOrCreateUser(ctx.db, op.id, "13800000077")).id;
    await ctx.db.insert(userRoles).values([{ userId: staff, role: "store_clerk" }, { userId: staff, role: "investor" }]);
    const { token } = await createSession(ctx.db, staff, t0);
    const select = vi.spyOn(ctx.db, "select");
    const execute = vi.spyOn(ctx.db, "execute");
    const valid = await validateSession(ctx.db, token, t0);
    expect(select).toHaveBeenCalledTimes(1);
    expect(execute).not.toHaveBeenCalled();
    select.mockRestore();
    execute.mockRestore();
    expect(valid?.user.roles).toEqual(["investor", "store_clerk"]);
    expect(valid?.secondFactorPending).toBe(false);
    const none = await createSession(ctx.db, userId, t0);
    expect((await validateSession(ctx.db, none.token, t0))?.user.roles).toEqual([]);
  });

  it("rejects tampered, malformed and unknown tokens", async () => {
    const t0 = new Date("2026-01-01T00:00:00Z");
    const { token } = await createSession(ctx.db, userId, t0);
    const [id, secret] = token.split(".") as [string, string];
    const flipped = secret.slice(0, -1) + (secret.endsWith("a") ? "b" : "a");
    expect(await validateSession(ctx.db, `${id}.${flipped}`, t0)).toBeNull();
    expect(await validateSession(ctx.db, `${"a".repeat(24)}.${secret}`, t0)).toBeNull();
    expect(await validateSession(ctx.db, "garbage", t0)).toBeNull();
    expect(await validateSession(ctx.db, "", t0)).toBeNull();
    expect(await validateSession(ctx.db, token, t0)).not.toBeNull();
  });

  it("slides the idle expiry forward once half the window has passed", async () => {
    const t0 = new Date("2026-02-01T00:00:00Z");
    const { token } = await createSession(ctx.db, userId, t0);
    const early = await validateSession(ctx.db, token, new Date(t0.getTime() + DAY_MS));
    expect(early?.refreshed).toBe(false);
    expect(early?.expiresAt.getTime()).toBe(t0.getTime() + SESSION_IDLE_MS);
    const later = new Date(t0.getTime() + 5 * DAY_MS);
    const slid = await validateSession(ctx.db, token, later);
    expect(slid?.refreshed).toBe(true);
    expect(slid?.expiresAt.getTime()).toBe(later.getTime() + SESSION_IDLE_MS);
    // Without the slide it would have expired at day 7; with it, day 11 is fine.
    expect(await validateSession(ctx.db, token, new Date(t0.getTime() + 11 * DAY_MS))).not.toBeNull();
  });

  it("expires after the idle window and deletes the row", async () => {
    const t0 = new Date("2026-03-01T00:00:00Z");
    const { token, sessionId } = await createSession(ctx.db, userId, t0);
    expect(await validateSession(ctx.db, token, new Date(t0.getTime() + SESSION_IDLE_MS))).toBeNull();
    expect(await ctx.db.select().from(sessions).where(eq(sessions.id, sessionId))).toHaveLength(0);
  });

  it("never lives past the absolute limit however often it is used", async () => {
    const t0 = new Date("2026-04-01T00:00:00Z");
    const { token } = await createSession(ctx.db, userId, t0);
    let last = null;
    for (let day = 4; day * DAY_MS < SESSION_ABSOLUTE_MS; day += 4) {
      last = await validateSession(ctx.db, token, new Date(t0.getTime() + day * DAY_MS));
      expect(last).not.toBeNull();
      expect(last!.expiresAt.getTime()).toBeLessThanOrEqual(t0.getTime() + SESSION_ABSOLUTE_MS);
    }
    expect(await validateSession(ctx.db, token, new Date(t0.getTime() + SESSION_ABSOLUTE_MS))).toBeNull();
  });

  it("invalidates one session, or all of a user's but the current one", async () => {
    const t0 = new Date("2026-05-01T00:00:00Z");
    const a = await createSession(ctx.db, userId, t0);
    const b = await createSession(ctx.db, userId, t0);
    const c = await createSession(ctx.db, userId, t0);
    await invalidateSession(ctx.db, a.sessionId);
    expect(await validateSession(ctx.db, a.token, t0)).toBeNull();
    expect(await validateSession(ctx.db, b.token, t0)).not.toBeNull();
    await invalidateUserSessions(ctx.db, userId, c.sessionId);
    expect(await validateSession(ctx.db, b.token, t0)).toBeNull();
    expect(await validateSession(ctx.db, c.token, t0)).not.toBeNull();
    await invalidateUserSessions(ctx.db, userId);
    expect(await validateSession(ctx.db, c.token, t0)).toBeNull();
  });
});
