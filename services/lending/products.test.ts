import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { createTestOperator, describeEachDatabase } from "../../db/testing";
import { DEMO_PRODUCTS } from "../demo";
import { findOrCreateUser } from "../identity/find-or-create-user";
import { DomainError } from "../shared/errors";
import { getLoan, openLoanForFunding } from "./open-loan-for-funding";
import { createProductVersion, getProduct, listActiveProducts } from "./products";

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => (e instanceof DomainError ? `${e.code}:${e.field ?? ""}` : `unexpected: ${String(e)}`),
  );

describeEachDatabase("product library and loans listed for funding", (ctx) => {
  it("versions a product: the new version is active, a loan keeps the terms it was made under", async () => {
    const op = await createTestOperator(ctx.db, "prod1");
    const borrower = await findOrCreateUser(ctx.db, op.id, "13500000001");
    const z001 = DEMO_PRODUCTS.find((p) => p.code === "Z001")!;
    const v1 = await createProductVersion(ctx.db, { operatorId: op.id, terms: z001 });
    const loan = await openLoanForFunding(ctx.db, {
      operatorId: op.id, borrowerUserId: borrower.id, productId: v1.id, amountCny: "50000", titleZh: "种植贷", regionZh: "河南省周口市",
    });
    const v2 = await createProductVersion(ctx.db, { operatorId: op.id, terms: { ...z001, annualRate: "0.09" } });
    expect(v2.version).toBe(2);
    expect((await listActiveProducts(ctx.db, op.id)).map((p) => [p.code, p.version])).toEqual([["Z001", 2]]);
    expect((await getProduct(ctx.db, { operatorId: op.id, productId: v1.id })).active).toBe(false);
    const reread = await getLoan(ctx.db, { operatorId: op.id, loanId: loan.id });
    expect(reread).toMatchObject({ status: "funding", amount: "50000.00", annualRate: "0.100000", fundedAmount: "0.00", productId: v1.id });
  });

  it("refuses loans outside the product's range and bad product terms", async () => {
    const op = await createTestOperator(ctx.db, "prod2");
    const borrower = await findOrCreateUser(ctx.db, op.id, "13500000002");
    const x001 = DEMO_PRODUCTS.find((p) => p.code === "X001")!;
    const product = await createProductVersion(ctx.db, { operatorId: op.id, terms: x001 });
    const open = (amountCny: string) =>
      codeOf(openLoanForFunding(ctx.db, { operatorId: op.id, borrowerUserId: borrower.id, productId: product.id, amountCny, titleZh: "助学贷", regionZh: "河南" }));
    expect(await open("20000.01")).toBe("loan.invalid:amount");
    expect(await open("999.99")).toBe("loan.invalid:amount");
    expect(await open("1000.001")).toBe("ledger.too_many_decimals:amount");
    expect(await open("20000")).toBeNull();
    expect(await codeOf(createProductVersion(ctx.db, { operatorId: op.id, terms: { ...x001, code: "x-1" } }))).toBe("product.invalid:code");
    expect(await codeOf(createProductVersion(ctx.db, { operatorId: op.id, terms: { ...x001, annualRate: "1.5" } }))).toBe("product.invalid:annualRate");
    expect(await codeOf(getLoan(ctx.db, { operatorId: op.id, loanId: "not-a-uuid" }))).toBe("loan.not_found:");
  });

  it("the database refuses a funded amount beyond the loan amount", async () => {
    const op = await createTestOperator(ctx.db, "prod3");
    const borrower = await findOrCreateUser(ctx.db, op.id, "13500000003");
    const product = await createProductVersion(ctx.db, { operatorId: op.id, terms: DEMO_PRODUCTS[0]! });
    const loan = await openLoanForFunding(ctx.db, { operatorId: op.id, borrowerUserId: borrower.id, productId: product.id, amountCny: "5000", titleZh: "助学贷", regionZh: "河南" });
    await expect(ctx.db.execute(sql`update loans set funded_amount = 5000.01 where id = ${loan.id}`)).rejects.toThrow();
    await ctx.db.execute(sql`update loans set funded_amount = 5000.00 where id = ${loan.id}`);
  });
});
