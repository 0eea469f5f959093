import type Decimal from "decimal.js";
import type { DbOrTx } from "../../db/client";
import { chart, getAccountByCode, getBalance } from "../ledger";
import { ZERO_CNY } from "../ledger/money";

export interface WalletSummary {
  /** What can be invested or withdrawn now. */
  availableCny: Decimal;
  /** Reserved by pending holds: investments in loans still funding, withdrawals awaiting finance. */
  reservedCny: Decimal;
  /** Posted to wallet:held and not yet paid out (a disbursement or payout in flight). */
  heldCny: Decimal;
  /** available + reserved + held: the cash the platform owes the investor. */
  cashCny: Decimal;
  availableAccountId: string | null;
}

/** The investor's wallet balances, read from the ledger (nothing is stored beside it). */
export async function getWallet(db: DbOrTx, input: { operatorId: string; userId: string }): Promise<WalletSummary> {
  const available = await getAccountByCode(db, { operatorId: input.operatorId, code: chart.walletAvailable(input.userId).code });
  const held = await getAccountByCode(db, { operatorId: input.operatorId, code: chart.walletHeld(input.userId).code });
  const a = available ? await getBalance(db, { operatorId: input.operatorId, accountId: available.id }) : null;
  const h = held ? await getBalance(db, { operatorId: input.operatorId, accountId: held.id }) : null;
  const availableCny = a?.availableCny ?? ZERO_CNY;
  const reservedCny = a?.pendingOutCny ?? ZERO_CNY;
  const heldCny = h?.postedCny ?? ZERO_CNY;
  return { availableCny, reservedCny, heldCny, cashCny: availableCny.plus(reservedCny).plus(heldCny), availableAccountId: available?.id ?? null };
}
