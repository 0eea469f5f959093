import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "./client";
import { chart, openAccount, postEntry, type OpenAccountInput } from "../services/ledger";
import { operators, userRoles, users } from "./schema";
import { hashPassword } from "../services/identity/password-hash";
import type { Role } from "../services/identity/roles";

/** The three demo operators. Colours echo each brand; logos are our own drawings. */
export const DEMO_OPERATORS = [
  {
    slug: "unicom",
    nameZh: "中国联通",
    nameEn: "China Unicom",
    logoPath: "/logos/unicom.svg",
    brandPrimary: "#d7000f",
    brandPrimaryDark: "#a3000b",
    brandAccent: "#fff1f0",
    phonePrefix: "1860000",
  },
  {
    slug: "mobile",
    nameZh: "中国移动",
    nameEn: "China Mobile",
    logoPath: "/logos/mobile.svg",
    brandPrimary: "#0072c6",
    brandPrimaryDark: "#00528f",
    brandAccent: "#eaf4fc",
    phonePrefix: "1380000",
  },
  {
    slug: "telecom",
    nameZh: "中国电信",
    nameEn: "China Telecom",
    logoPath: "/logos/telecom.svg",
    brandPrimary: "#1d5bbf",
    brandPrimaryDark: "#143f86",
    brandAccent: "#fdf0e6",
    phonePrefix: "1890000",
  },
] as const;

/** Sandbox web hall origin (issue: operator embedding) may frame the portal. */
const DEMO_FRAME_ANCESTORS = ["http://localhost:3100"];

export const DEMO_PASSWORD = "Demo1234";

/**
 * The demo operators sign on through the sandbox operator IdP (sandbox/operator-idp, started
 * by `npm start` on port 3101). Only NULL settings are filled: a real issuer set on an
 * operator is never overwritten.
 */
export function demoOperatorSignOn(slug: string) {
  return {
    oidcIssuer: `http://localhost:3101/${slug}`,
    oidcClientId: "lending-portal",
    oidcClientSecret: `sandbox-secret-${slug}`,
  };
}

/**
 * One demo user per role per operator; phone = operator prefix + 4-digit suffix.
 * Borrowers sign in by SMS code only, everyone else also has the demo password.
 */
export const DEMO_USERS: ReadonlyArray<{ suffix: string; name: string; roles: Role[]; password: boolean }> = [
  { suffix: "0001", name: "王小明", roles: ["borrower"], password: false },
  { suffix: "0002", name: "李娟", roles: ["investor"], password: true },
  { suffix: "0003", name: "张店员", roles: ["store_clerk"], password: true },
  { suffix: "0004", name: "赵风控", roles: ["risk_officer"], password: true },
  { suffix: "0005", name: "钱会计", roles: ["finance"], password: true },
  { suffix: "0006", name: "孙复核", roles: ["finance"], password: true },
  { suffix: "0007", name: "周催收", roles: ["collector"], password: true },
  { suffix: "0008", name: "吴管理", roles: ["admin"], password: true },
];

/** Idempotent: rows that exist are left alone, so it is safe on every start. */
export async function seedDemoData(db: Db): Promise<{ operators: number; users: number }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let userCount = 0;
  await db.transaction(async (tx) => {
    for (const demo of DEMO_OPERATORS) {
      const { phonePrefix, ...brand } = demo;
      await tx
        .insert(operators)
        .values({ ...brand, frameAncestors: DEMO_FRAME_ANCESTORS })
        .onConflictDoNothing({ target: operators.slug });
      await tx
        .update(operators)
        .set(demoOperatorSignOn(demo.slug))
        .where(
          and(
            eq(operators.slug, demo.slug),
            isNull(operators.oidcIssuer),
            isNull(operators.oidcClientId),
            isNull(operators.oidcClientSecret),
          ),
        );
      const [operator] = await tx.select({ id: operators.id }).from(operators).where(sql`${operators.slug} = ${demo.slug}`);
      if (!operator) throw new Error(`seeded operator ${demo.slug} is missing`);
      for (const person of DEMO_USERS) {
        const inserted = await tx
          .insert(users)
          .values({
            operatorId: operator.id,
            phone: phonePrefix + person.suffix,
            name: person.name,
            passwordHash: person.password ? passwordHash : null,
          })
          .onConflictDoNothing({ target: [users.operatorId, users.phone] })
          .returning({ id: users.id });
        const user = inserted[0];
        if (!user) continue;
        userCount += 1;
        await tx.insert(userRoles).values(person.roles.map((role) => ({ userId: user.id, role })));
      }
      await seedDemoBooks(tx, operator.id, phonePrefix);
    }
  });
  return { operators: DEMO_OPERATORS.length, users: userCount };
}

/**
 * The platform's chart of accounts for a demo operator, and one card top-up of the demo
 * investor so the finance console has something to show. Posted through the ledger
 * service under a fixed idempotency key, so a restart posts nothing twice.
 */
async function seedDemoBooks(tx: DbOrTx, operatorId: string, phonePrefix: string): Promise<void> {
  const open = (spec: Omit<OpenAccountInput, "operatorId">) => openAccount(tx, { operatorId, ...spec });
  for (const spec of [
    chart.custodyBank(),
    chart.clearingCard(),
    chart.clearingPassbook(),
    chart.clearingPhonebill(),
    chart.revenueServiceFee(),
    chart.revenuePenalty(),
  ]) {
    await open(spec);
  }
  const [investor] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.operatorId, operatorId), eq(users.phone, `${phonePrefix}0002`)));
  if (!investor) throw new Error("demo investor missing");
  const clearing = await open(chart.clearingCard());
  const wallet = await open(chart.walletAvailable(investor.id));
  await open(chart.walletHeld(investor.id));
  await postEntry(tx, {
    operatorId,
    idempotencyKey: "demo-seed:investor-top-up",
    kind: "top_up",
    memo: "演示数据：银行卡充值 Demo data: card top-up",
    cause: { type: "top_up", id: "demo-seed" },
    postedBy: { system: "demo-seed" },
    postings: [
      { accountId: clearing.id, amountCny: "50000.00" },
      { accountId: wallet.id, amountCny: "-50000.00" },
    ],
  });
}
