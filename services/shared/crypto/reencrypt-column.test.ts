import { asc, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { loanApplications, users } from "../../../db/schema";
import { createTestOperator, describeEachDatabase } from "../../../db/testing";
import { decryptField, encryptField } from "./field-encryption";
import { reencryptColumn, type ColumnReport, type EncryptedColumn } from "./reencrypt-column";

const key = new Uint8Array(32).fill(7);
const hex = (h: string) => new Uint8Array(Buffer.from(h, "hex"));
/** services/borrowing/crypto.ts (deleted) encryptField(key, "id_number", "11010519491231002X"), as in field-encryption.test.ts. */
const OLD_ID = hex("014135f82c5cac5db23d95408e6e7e7d9cf43cd46dae6a7af09a6f516940bb21f4e5439b0ea8221585dfdf37c20b37");
const ID_COLUMN: EncryptedColumn = { name: "loan_applications.id_number_enc", table: loanApplications, key: loanApplications.id, column: loanApplications.idNumberEnc, purpose: "id_number" };

describeEachDatabase("re-encrypting a column", (ctx) => {
  let ids: string[] = [];

  beforeAll(async () => {
    const operator = await createTestOperator(ctx.db, "reenc-col");
    const [user] = await ctx.db.insert(users).values({ operatorId: operator.id, phone: "18600000001" }).returning();
    const base = { operatorId: operator.id, borrowerUserId: user!.id, createdByUserId: user!.id, channel: "self" as const, phone: "18600000001" };
    const rows = await ctx.db
      .insert(loanApplications)
      .values([
        { ...base, idNumberEnc: OLD_ID },
        { ...base, idNumberEnc: OLD_ID },
        { ...base, idNumberEnc: encryptField(key, "id_number", "411626198001011234") },
        { ...base, idNumberEnc: encryptField(new Uint8Array(32).fill(9), "other", "x").map((b, i) => (i === 0 ? 1 : b)) },
        { ...base, idNumberEnc: OLD_ID },
        base,
      ])
      .returning({ id: loanApplications.id });
    ids = rows.map((r) => r.id);
  });

  it("rewrites old values batch by batch, leaves current, empty and unreadable ones, and rewrites nothing the second time", async () => {
    const batches: ColumnReport[] = [];
    const first = await reencryptColumn(ctx.db, { secretKey: key, column: ID_COLUMN, batchSize: 2, onBatch: (r) => batches.push(r) });
    expect(first).toEqual({ name: "loan_applications.id_number_enc", rewritten: 3, failed: 1 });
    // Four rows not yet current (three old, one unreadable) in batches of two.
    expect(batches.map((b) => b.rewritten + b.failed)).toEqual([2, 4]);

    const rows = await ctx.db.select({ id: loanApplications.id, value: loanApplications.idNumberEnc }).from(loanApplications).orderBy(asc(loanApplications.id));
    const byId = new Map(rows.map((r) => [r.id, r.value]));
    for (const i of [0, 1, 4]) {
      expect(byId.get(ids[i]!)![0]).toBe(2);
      expect(decryptField(key, "id_number", byId.get(ids[i]!)!)).toBe("11010519491231002X");
    }
    expect(decryptField(key, "id_number", byId.get(ids[2]!)!)).toBe("411626198001011234");
    expect(byId.get(ids[3]!)![0]).toBe(1); // unreadable: left as it was
    expect(byId.get(ids[5]!)).toBeNull();

    const [before] = await ctx.db.select({ value: loanApplications.idNumberEnc }).from(loanApplications).where(eq(loanApplications.id, ids[0]!));
    expect(await reencryptColumn(ctx.db, { secretKey: key, column: ID_COLUMN })).toEqual({ name: "loan_applications.id_number_enc", rewritten: 0, failed: 1 });
    const [after] = await ctx.db.select({ value: loanApplications.idNumberEnc }).from(loanApplications).where(eq(loanApplications.id, ids[0]!));
    expect(Buffer.from(after!.value!).equals(Buffer.from(before!.value!))).toBe(true);
  });
});
