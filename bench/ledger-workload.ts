import { randomBytes } from "node:crypto";
import { Cny, type PostEntryInput } from "../services/ledger";

/** The accounts the workload posts to (bench/ledger.ts and bench/ledger-profile.ts). */
export interface WorkloadBooks {
  operatorId: string;
  clearing: readonly string[];
  fee: string;
  wallets: readonly string[];
}

/**
 * The workload: 50% card top-ups (hot clearing account -> wallet), 30% wallet-to-wallet
 * transfers, 20% payments with a service fee (wallet -> wallet + the hot fee account,
 * three postings). Amounts are fen-exact decimals built from integers, never floats.
 */
export function workloadEntry(books: WorkloadBooks, tag: string, n: number): PostEntryInput {
  const pick = () => books.wallets[randomBytes(4).readUInt32BE() % books.wallets.length]!;
  const amount = new Cny((n % 9000) + 100).div(100);
  const kind = n % 10;
  const base = { operatorId: books.operatorId, idempotencyKey: `${tag}-${n}`, postedBy: { system: "bench" } } as const;
  if (kind < 5) {
    return {
      ...base,
      kind: "top_up",
      cause: { type: "top_up" },
      postings: [
        { accountId: books.clearing[n % books.clearing.length]!, amountCny: amount },
        { accountId: pick(), amountCny: amount.negated() },
      ],
    };
  }
  const from = pick();
  let to = pick();
  while (to === from) to = pick();
  if (kind < 8) {
    return {
      ...base,
      kind: "transfer",
      cause: { type: "investment" },
      postings: [
        { accountId: from, amountCny: amount },
        { accountId: to, amountCny: amount.negated() },
      ],
    };
  }
  const fee = new Cny("0.10");
  return {
    ...base,
    kind: "repayment",
    cause: { type: "repayment" },
    postings: [
      { accountId: from, amountCny: amount.plus(fee) },
      { accountId: to, amountCny: amount.negated() },
      { accountId: books.fee, amountCny: fee.negated() },
    ],
  };
}
