import Stripe from "stripe";
import type { Db } from "../../db/client";
import { toCsv, type CsvCell } from "../shared/csv";
import { endOfBeijingDay, startOfBeijingDay } from "../shared/calendar";
import { importStatement, type ImportActor, type ImportedStatement } from "./import-statement";
import { STRIPE_BALANCE_COLUMNS } from "./parse-stripe-balance";

const fen = (value: number) => ({ amount: (value / 100).toFixed(2) });
const utc = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 19).replace("T", " ");

/**
 * Stripe through its API (when STRIPE_SECRET_KEY is set): the day's balance transactions
 * are written in the export's CSV layout and imported like an uploaded file, so the same
 * parser, hashing and idempotency apply. A charge's Source is written as its
 * PaymentIntent id (expanded), which matches our card top-ups by reference.
 */
export async function importStripeBalanceFromApi(
  db: Db,
  input: { operatorId: string; date: string; actor: ImportActor; secretKey: string; stripe?: Stripe },
): Promise<ImportedStatement> {
  const stripe = input.stripe ?? new Stripe(input.secretKey);
  const rows: CsvCell[][] = [[...STRIPE_BALANCE_COLUMNS]];
  const created = { gte: Math.floor(startOfBeijingDay(input.date).getTime() / 1000), lte: Math.floor(endOfBeijingDay(input.date).getTime() / 1000) };
  for await (const txn of stripe.balanceTransactions.list({ created, limit: 100, expand: ["data.source"] })) {
    const source = txn.source as unknown;
    let sourceId = typeof source === "string" ? source : ((source as { id?: string } | null)?.id ?? "");
    const intent = typeof source === "object" && source !== null ? (source as { payment_intent?: unknown }).payment_intent : undefined;
    if (typeof intent === "string") sourceId = intent;
    rows.push([txn.id, txn.type, sourceId, fen(txn.amount), fen(txn.fee), fen(txn.net), txn.currency, utc(txn.created), utc(txn.available_on), txn.description ?? ""]);
  }
  return importStatement(db, {
    operatorId: input.operatorId,
    source: "stripe_balance",
    fileName: `stripe-api-${input.date}.csv`,
    bytes: new TextEncoder().encode(toCsv(rows)),
    actor: input.actor,
  });
}
