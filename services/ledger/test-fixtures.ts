import { randomBytes } from "node:crypto";
import type { DbOrTx } from "../../db/client";
import { operators, users } from "../../db/schema";
import { chart } from "./chart";
import { openAccount } from "./open-account";
import { postEntry } from "./post-entry";
import type { Actor } from "./types";

/** Test-only helpers: a fresh operator per test keeps tests independent on one database. */
export const SYSTEM: Actor = { system: "test" };

export async function createOperator(db: DbOrTx): Promise<string> {
  const slug = `t${randomBytes(5).toString("hex")}`;
  const [row] = await db
    .insert(operators)
    .values({
      slug,
      nameZh: "测试",
      nameEn: "Test",
      logoPath: "/x.svg",
      brandPrimary: "#000",
      brandPrimaryDark: "#000",
      brandAccent: "#fff",
    })
    .returning({ id: operators.id });
  return row!.id;
}

export async function createUser(db: DbOrTx, operatorId: string): Promise<string> {
  const phone = `139${String(randomBytes(4).readUInt32BE() % 100_000_000).padStart(8, "0")}`;
  const [row] = await db.insert(users).values({ operatorId, phone }).returning({ id: users.id });
  return row!.id;
}

export interface Books {
  operatorId: string;
  clearingCard: string;
  custodyBank: string;
  fee: string;
  /** wallet:available of each user, in creation order. */
  wallets: string[];
  users: string[];
}

/** An operator with the platform accounts and `walletCount` users with available wallets. */
export async function createBooks(db: DbOrTx, walletCount: number): Promise<Books> {
  const operatorId = await createOperator(db);
  const open = async (spec: ReturnType<(typeof chart)[keyof typeof chart]>) => (await openAccount(db, { operatorId, ...spec })).id;
  const books: Books = {
    operatorId,
    clearingCard: await open(chart.clearingCard()),
    custodyBank: await open(chart.custodyBank()),
    fee: await open(chart.revenueServiceFee()),
    wallets: [],
    users: [],
  };
  for (let i = 0; i < walletCount; i++) {
    const userId = await createUser(db, operatorId);
    books.users.push(userId);
    books.wallets.push(await open(chart.walletAvailable(userId)));
  }
  return books;
}

/** Card top-up: Dr clearing:card / Cr wallet:available. */
export async function topUp(
  db: DbOrTx,
  books: Books,
  walletId: string,
  amountCny: string,
  key = `topup-${randomBytes(6).toString("hex")}`,
) {
  return postEntry(db, {
    operatorId: books.operatorId,
    idempotencyKey: key,
    kind: "top_up",
    cause: { type: "top_up", id: key },
    postedBy: SYSTEM,
    postings: [
      { accountId: books.clearingCard, amountCny },
      { accountId: walletId, amountCny: `-${amountCny}` },
    ],
  });
}

/** Wallet to wallet (or to any account): Dr from / Cr to. */
export async function transfer(
  db: DbOrTx,
  books: Books,
  fromId: string,
  toId: string,
  amountCny: string,
  key = `tr-${randomBytes(6).toString("hex")}`,
) {
  return postEntry(db, {
    operatorId: books.operatorId,
    idempotencyKey: key,
    kind: "transfer",
    cause: { type: "adjustment" },
    postedBy: SYSTEM,
    postings: [
      { accountId: fromId, amountCny },
      { accountId: toId, amountCny: `-${amountCny}` },
    ],
  });
}
