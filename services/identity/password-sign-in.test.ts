import { beforeAll, expect, it } from "vitest";
import { createTestOperator, describeEachDatabase } from "../../db/testing";
import { DomainError } from "../shared/errors";
import { findOrCreateUser } from "./find-or-create-user";
import { setPassword } from "./set-password";
import { signInWithPassword } from "./sign-in-with-password";
import { createSession } from "./create-session";
import { validateSession } from "./validate-session";
import { ACCOUNT_PASSWORD_MAX_FAILURES, PASSWORD_LOCKOUT_MS, PASSWORD_MAX_FAILURES } from "./limits";

async function errorCode(promise: Promise<unknown>): Promise<string | null> {
  return promise.then(
    () => null,
    (e: unknown) => (e instanceof DomainError ? e.code : `unexpected: ${String(e)}`),
  );
}

/** The owner's address; a stranger's is STRANGER. */
const source = "198.51.100.7";
const STRANGER = "203.0.113.66";

describeEachDatabase("password sign-in", (ctx) => {
  let operatorId = "";
  beforeAll(async () => {
    const op = await createTestOperator(ctx.db, "pw");
    operatorId = op.id;
  });

  it("signs in with the right password and refuses a wrong one or an unknown phone alike", async () => {
    const { id } = await findOrCreateUser(ctx.db, operatorId, "13700000001");
    await setPassword(ctx.db, { userId: id, newPassword: "Secret123" });
    const session = await signInWithPassword(ctx.db, { operatorId, source, phone: "13700000001", password: "Secret123" });
    expect(session.userId).toBe(id);
    expect(await errorCode(signInWithPassword(ctx.db, { operatorId, source, phone: "13700000001", password: "secret123" }))).toBe("auth.wrong_credentials");
    expect(await errorCode(signInWithPassword(ctx.db, { operatorId, source, phone: "13799999999", password: "Secret123" }))).toBe("auth.wrong_credentials");
  });

  it("refuses a user with no password set", async () => {
    await findOrCreateUser(ctx.db, operatorId, "13700000002");
    expect(await errorCode(signInWithPassword(ctx.db, { operatorId, source, phone: "13700000002", password: "" }))).toBe("auth.wrong_credentials");
  });

  it("locks after five failures in a row, even against the right password, until the lockout ends", async () => {
    const { id } = await findOrCreateUser(ctx.db, operatorId, "13700000003");
    await setPassword(ctx.db, { userId: id, newPassword: "Secret123" });
    const t0 = new Date("2026-07-01T00:00:00Z");
    for (let i = 1; i < PASSWORD_MAX_FAILURES; i++) {
      expect(await errorCode(signInWithPassword(ctx.db, { operatorId, source, phone: "13700000003", password: "wrong", now: t0 }))).toBe("auth.wrong_credentials");
    }
    expect(await errorCode(signInWithPassword(ctx.db, { operatorId, source, phone: "13700000003", password: "wrong", now: t0 }))).toBe("auth.locked");
    expect(await errorCode(signInWithPassword(ctx.db, { operatorId, source, phone: "13700000003", password: "Secret123", now: t0 }))).toBe("auth.locked");
    const after = new Date(t0.getTime() + PASSWORD_LOCKOUT_MS + 1000);
    const session = await signInWithPassword(ctx.db, { operatorId, source, phone: "13700000003", password: "Secret123", now: after });
    expect(session.userId).toBe(id);
  });

  it("a success resets the failure count", async () => {
    const { id } = await findOrCreateUser(ctx.db, operatorId, "13700000004");
    await setPassword(ctx.db, { userId: id, newPassword: "Secret123" });
    for (let round = 0; round < 2; round++) {
      for (let i = 1; i < PASSWORD_MAX_FAILURES; i++) {
        expect(await errorCode(signInWithPassword(ctx.db, { operatorId, source, phone: "13700000004", password: "wrong" }))).toBe("auth.wrong_credentials");
      }
      await signInWithPassword(ctx.db, { operatorId, source, phone: "13700000004", password: "Secret123" });
    }
  });

  it("changing a password needs the current one, refuses weak ones and signs out other devices", async () => {
    const { id } = await findOrCreateUser(ctx.db, operatorId, "13700000005");
    await setPassword(ctx.db, { userId: id, newPassword: "Secret123" });
    expect(await errorCode(setPassword(ctx.db, { userId: id, newPassword: "short1" , currentPassword: "Secret123" }))).toBe("auth.password_too_weak");
    expect(await errorCode(setPassword(ctx.db, { userId: id, newPassword: "longenoughbutnodigits", currentPassword: "Secret123" }))).toBe("auth.password_too_weak");
    expect(await errorCode(setPassword(ctx.db, { userId: id, newPassword: "Another123", currentPassword: "nope", source }))).toBe("auth.wrong_credentials");
    const here = await createSession(ctx.db, id);
    const elsewhere = await createSession(ctx.db, id);
    await setPassword(ctx.db, { userId: id, newPassword: "Another123", currentPassword: "Secret123", keepSessionId: here.sessionId });
    expect(await validateSession(ctx.db, here.token)).not.toBeNull();
    expect(await validateSession(ctx.db, elsewhere.token)).toBeNull();
    await signInWithPassword(ctx.db, { operatorId, source, phone: "13700000005", password: "Another123" });
  });
  it("a stranger's failures lock out only the stranger: the owner still signs in from elsewhere", async () => {
    const { id } = await findOrCreateUser(ctx.db, operatorId, "13700000006");
    await setPassword(ctx.db, { userId: id, newPassword: "Secret123" });
    const t0 = new Date("2026-07-02T00:00:00Z");
    for (let i = 1; i < PASSWORD_MAX_FAILURES; i++) {
      expect(await errorCode(signInWithPassword(ctx.db, { operatorId, source: STRANGER, phone: "13700000006", password: "guess", now: t0 }))).toBe("auth.wrong_credentials");
    }
    expect(await errorCode(signInWithPassword(ctx.db, { operatorId, source: STRANGER, phone: "13700000006", password: "guess", now: t0 }))).toBe("auth.locked");
    expect(await errorCode(signInWithPassword(ctx.db, { operatorId, source: STRANGER, phone: "13700000006", password: "Secret123", now: t0 }))).toBe("auth.locked");
    const owner = await signInWithPassword(ctx.db, { operatorId, source, phone: "13700000006", password: "Secret123", now: t0 });
    expect(owner.userId).toBe(id);
  });

  it("guessing spread over many sources pauses password sign-in for the account at the account-wide ceiling", async () => {
    const { id } = await findOrCreateUser(ctx.db, operatorId, "13700000007");
    await setPassword(ctx.db, { userId: id, newPassword: "Secret123" });
    const t0 = new Date("2026-07-03T00:00:00Z");
    const codes: Array<string | null> = [];
    for (let i = 0; i < ACCOUNT_PASSWORD_MAX_FAILURES; i++) {
      // Four guesses per address: never enough to lock any one source.
      codes.push(await errorCode(signInWithPassword(ctx.db, { operatorId, source: `192.0.2.${Math.floor(i / 4)}`, phone: "13700000007", password: `guess${i}`, now: t0 })));
    }
    expect(codes.slice(0, -1).every((c) => c === "auth.wrong_credentials")).toBe(true);
    expect(codes.at(-1)).toBe("auth.locked");
    expect(await errorCode(signInWithPassword(ctx.db, { operatorId, source, phone: "13700000007", password: "Secret123", now: t0 }))).toBe("auth.locked");
    const later = new Date(t0.getTime() + PASSWORD_LOCKOUT_MS + 1000);
    expect((await signInWithPassword(ctx.db, { operatorId, source, phone: "13700000007", password: "Secret123", now: later })).userId).toBe(id);
  });

  it("wrong current passwords on the change form count, and lock the change form like sign-in", async () => {
    const { id } = await findOrCreateUser(ctx.db, operatorId, "13700000008");
    await setPassword(ctx.db, { userId: id, newPassword: "Secret123" });
    const t0 = new Date("2026-07-04T00:00:00Z");
    for (let i = 1; i < PASSWORD_MAX_FAILURES; i++) {
      expect(await errorCode(setPassword(ctx.db, { userId: id, currentPassword: "nope", newPassword: "Another123", source, now: t0 }))).toBe("auth.wrong_credentials");
    }
    expect(await errorCode(setPassword(ctx.db, { userId: id, currentPassword: "nope", newPassword: "Another123", source, now: t0 }))).toBe("auth.locked");
    expect(await errorCode(setPassword(ctx.db, { userId: id, currentPassword: "Secret123", newPassword: "Another123", source, now: t0 }))).toBe("auth.locked");
    // The same source's password sign-in is locked too: it is one count.
    expect(await errorCode(signInWithPassword(ctx.db, { operatorId, source, phone: "13700000008", password: "Secret123", now: t0 }))).toBe("auth.locked");
  });

  it("concurrent wrong guesses all count", async () => {
    const { id } = await findOrCreateUser(ctx.db, operatorId, "13700000009");
    await setPassword(ctx.db, { userId: id, newPassword: "Secret123" });
    const t0 = new Date("2026-07-05T00:00:00Z");
    const results = await Promise.all(
      Array.from({ length: PASSWORD_MAX_FAILURES }, () => errorCode(signInWithPassword(ctx.db, { operatorId, source: STRANGER, phone: "13700000009", password: "guess", now: t0 }))),
    );
    expect(results.filter((c) => c === "auth.locked")).toHaveLength(1);
    expect(await errorCode(signInWithPassword(ctx.db, { operatorId, source: STRANGER, phone: "13700000009", password: "Secret123", now: t0 }))).toBe("auth.locked");
  });
});
