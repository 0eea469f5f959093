import Decimal from "decimal.js";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { describeEachDatabase } from "../../db/testing";
import { DomainError } from "./errors";
import { canonicalContent, contentFingerprint, differingParts, refuseUnlessSame, runIdempotent } from "./idempotency";

describe("request content", () => {
  it("compares amounts as decimals, not as the strings they were typed or stored as", () => {
    expect(differingParts({ amount: new Decimal("104.00") }, { amount: new Decimal("104") })).toEqual([]);
    expect(differingParts({ amount: new Decimal("1.5e2") }, { amount: new Decimal("150.0") })).toEqual([]);
    expect(differingParts({ amount: new Decimal("104.00") }, { amount: new Decimal("904.00") })).toEqual(["amount"]);
    // A decimal is not its string: "104" typed as text is another value than ¥104.
    expect(differingParts({ amount: new Decimal("104") }, { amount: "104" })).toEqual(["amount"]);
  });

  it("ignores key order, sees nested differences and a missing part", () => {
    const lines = [{ code: "a", amount: new Decimal("1.10") }, { code: "b", amount: new Decimal("-1.1") }];
    expect(canonicalContent({ reason: "x", lines })).toBe(canonicalContent({ lines: [{ amount: new Decimal("1.1"), code: "a" }, { code: "b", amount: new Decimal("-1.10") }], reason: "x" }));
    expect(differingParts({ reason: "x", lines }, { reason: "x", lines: [...lines].reverse() })).toEqual(["lines"]);
    expect(differingParts({ loanId: "l1", kind: "installment" }, { loanId: "l1" })).toEqual(["kind"]);
    expect(contentFingerprint({ a: new Decimal("2.00"), b: "x" })).toBe(contentFingerprint({ b: "x", a: new Decimal(2) }));
    expect(contentFingerprint({ a: new Decimal("2.00") })).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses other content with the one conflict code, beside the closest field", () => {
    const refusal = (stored: Record<string, string>, asked: Record<string, string>) => {
      try {
        refuseUnlessSame(stored, asked, { field: "amount", fieldOf: { receiptNo: "receiptNo" } });
        return null;
      } catch (error) {
        return `${(error as DomainError).code}@${(error as DomainError).field}`;
      }
    };
    expect(refusal({ amount: "1", receiptNo: "R1" }, { amount: "1", receiptNo: "R1" })).toBeNull();
    expect(refusal({ amount: "1", receiptNo: "R1" }, { amount: "2", receiptNo: "R1" })).toBe("idempotency.conflict@amount");
    expect(refusal({ amount: "1", receiptNo: "R1" }, { amount: "2", receiptNo: "R2" })).toBe("idempotency.conflict@receiptNo");
  });
});

interface Probe {
  key: string;
  owner: string;
  amount: string;
}

/** A scratch table with a unique key, standing in for an operation's records. */
async function probeTable(db: Db): Promise<void> {
  await db.execute(sql`create table if not exists idem_probe (key text primary key, owner text not null, amount numeric(20, 2) not null)`);
}

async function findProbe(db: Db, key: string): Promise<Probe | undefined> {
  const result = await db.execute(sql`select key, owner, amount::text as amount from idem_probe where key = ${key}`);
  return (result as unknown as { rows: Probe[] }).rows?.[0] ?? (result as unknown as Probe[])[0];
}

function request(db: Db, asked: { key: string; owner: string; amount: string }, options: { blindFirstRead?: boolean } = {}) {
  let reads = 0;
  let created = 0;
  const outcome = runIdempotent({
    // A blind first read plays the race: a twin commits between our read and our insert.
    find: async () => (options.blindFirstRead && reads++ === 0 ? undefined : findProbe(db, asked.key)),
    contentOf: (stored: Probe) => ({ owner: stored.owner, amount: new Decimal(stored.amount) }),
    content: { owner: asked.owner, amount: new Decimal(asked.amount) },
    resultOf: (stored) => stored,
    create: async () => {
      created++;
      await db.execute(sql`insert into idem_probe (key, owner, amount) values (${asked.key}, ${asked.owner}, ${asked.amount})`);
      return { result: { ...asked }, replayed: false };
    },
    keyConstraints: ["idem_probe_pkey"],
    conflict: { field: "amount" },
  });
  return { outcome, created: () => created };
}

const codeOf = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof DomainError ? `${e.code}@${e.field}` : `unexpected: ${String(e)}`));

describeEachDatabase("runIdempotent", (ctx) => {
  it("creates once; the same content again is the stored result, replayed; other content is refused", async () => {
    await probeTable(ctx.db);
    const first = request(ctx.db, { key: "k-seq", owner: "u1", amount: "104" });
    expect(await first.outcome).toEqual({ result: { key: "k-seq", owner: "u1", amount: "104" }, replayed: false });
    const again = request(ctx.db, { key: "k-seq", owner: "u1", amount: "104.00" });
    expect(await again.outcome).toEqual({ result: { key: "k-seq", owner: "u1", amount: "104.00" }, replayed: true });
    expect(again.created()).toBe(0);
    const other = request(ctx.db, { key: "k-seq", owner: "u1", amount: "904.00" });
    expect(await codeOf(other.outcome)).toBe("idempotency.conflict@amount");
    expect(await codeOf(request(ctx.db, { key: "k-seq", owner: "u2", amount: "104.00" }).outcome)).toBe("idempotency.conflict@amount");
    expect(other.created()).toBe(0);
  });

  it("after losing the race on the key it re-reads the winner and compares: never the winner's record for other content", async () => {
    await probeTable(ctx.db);
    await request(ctx.db, { key: "k-race", owner: "u1", amount: "904.00" }).outcome;
    const twin = request(ctx.db, { key: "k-race", owner: "u1", amount: "904" }, { blindFirstRead: true });
    expect(await twin.outcome).toEqual({ result: { key: "k-race", owner: "u1", amount: "904.00" }, replayed: true });
    expect(twin.created()).toBe(1);
    const loser = request(ctx.db, { key: "k-race", owner: "u1", amount: "104.00" }, { blindFirstRead: true });
    expect(await codeOf(loser.outcome)).toBe("idempotency.conflict@amount");
    expect(loser.created()).toBe(1);
  });

  it("passes on any other error, and a violation of another constraint", async () => {
    await probeTable(ctx.db);
    const failing = runIdempotent({
      find: async () => undefined,
      contentOf: () => ({}),
      content: {},
      resultOf: () => null,
      create: async () => {
        throw new DomainError("operator.not_found");
      },
      keyConstraints: ["idem_probe_pkey"],
      conflict: { field: "amount" },
    });
    expect(await codeOf(failing)).toBe("operator.not_found@undefined");
    const otherConstraint = runIdempotent({
      find: async () => undefined,
      contentOf: () => ({}),
      content: {},
      resultOf: () => null,
      create: async () => {
        await ctx.db.execute(sql`insert into idem_probe (key, owner, amount) values ('k-dup', 'u', 1), ('k-dup', 'u', 1)`);
        return { result: null, replayed: false };
      },
      keyConstraints: ["some_other_key"],
      conflict: { field: "amount" },
    });
    expect(await codeOf(otherConstraint)).toMatch(/^unexpected: /);
  });
});
