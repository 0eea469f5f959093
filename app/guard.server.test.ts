import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ValidSession } from "../services/identity";

const operator = { id: "op-1", slug: "unicom" };
let session: ValidSession | null = null;

vi.mock("./operator.server", () => ({
  requireOperator: async (params: { operator?: string }) => {
    if (params.operator !== "unicom") throw new Response("Operator not found", { status: 404, statusText: "operator" });
    return operator;
  },
}));
vi.mock("./session.server", () => ({ getOperatorSession: async () => session }));
vi.mock("./db.server", () => ({ getDb: async () => ({ fake: "db" }) }));
vi.mock("./config.server", () => ({ getConfig: () => ({ secretKey: new Uint8Array(32) }) }));

const { optionalUser, requireUser } = await import("./guard.server");

const request = new Request("http://portal.test/o/unicom/finance/journal?from=2026-01-01");
const params = { operator: "unicom" };
const signedIn = (roles: string[]) =>
  ({ sessionId: "s", expiresAt: new Date(), refreshed: false, user: { id: "u-1", operatorId: "op-1", phone: "13800000000", name: null, roles, hasPassword: false } }) as ValidSession;

async function outcome(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return "ok";
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    return thrown.status === 302 ? `redirect ${thrown.headers.get("Location")}` : `${thrown.status} ${thrown.statusText}`;
  }
}

describe("the role guard", () => {
  beforeEach(() => {
    session = null;
  });

  it("sends an anonymous visitor to the operator's sign-in page, and back afterwards", async () => {
    expect(await outcome(requireUser(request, params, "finance"))).toBe(
      `redirect /o/unicom/login?returnTo=${encodeURIComponent("/o/unicom/finance/journal?from=2026-01-01")}`,
    );
    expect(await outcome(requireUser(request, params))).toMatch(/^redirect \/o\/unicom\/login/);
  });

  it("answers 404 for an unknown operator before looking at the session", async () => {
    session = signedIn(["finance"]);
    expect(await outcome(requireUser(request, { operator: "nope" }, "finance"))).toBe("404 operator");
  });

  it("refuses a signed-in user without the role (403), and lets one with any listed role in", async () => {
    session = signedIn(["borrower"]);
    expect(await outcome(requireUser(request, params, "finance"))).toBe("403 role");
    expect(await outcome(requireUser(request, params, ["collector", "admin"]))).toBe("403 role");
    expect(await outcome(requireUser(request, params))).toBe("ok");
    expect(await outcome(requireUser(request, params, []))).toBe("403 role"); // an empty list lets no one in

    session = signedIn(["admin"]);
    const guarded = await requireUser(request, params, ["collector", "admin"]);
    expect(guarded.actor).toEqual({ userId: "u-1", roles: ["admin"] });
    expect(guarded.user.id).toBe("u-1");
    expect(guarded.operator).toBe(operator);
  });

  it("lets anyone read public pages, with the session when there is one", async () => {
    expect((await optionalUser(request, params)).session).toBeNull();
    session = signedIn(["investor"]);
    expect((await optionalUser(request, params)).session?.user.id).toBe("u-1");
  });
});
