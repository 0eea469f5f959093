import { inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { loans, stores, users } from "../../db/schema";
import { isUuid } from "../shared/ids";
import { maskName } from "../shared/mask-name";
import { maskPhone } from "../shared/mask-phone";

/** The chart's account families (services/ledger/chart.ts), by the code's fixed prefix. */
export type AccountFamily =
  | "custody_bank"
  | "clearing_card"
  | "clearing_store"
  | "clearing_passbook"
  | "clearing_phonebill"
  | "loan_principal"
  | "wallet_available"
  | "wallet_held"
  | "claim"
  | "revenue_service_fee"
  | "revenue_penalty"
  | "revenue_transfer_fee"
  | "expense_channel_fee"
  | "other";

/** What a person reads instead of an account code: its family, and whose, which loan or which store it is. */
export interface AccountName {
  family: AccountFamily;
  /** Masked name and phone of the owner (wallets, claims). */
  person?: string;
  /** The loan's title (loan principal, claims). */
  loan?: string;
  /** The store's code and name (store clearing). */
  store?: string;
}

const FIXED: Record<string, AccountFamily> = {
  "custody:bank": "custody_bank",
  "clearing:card": "clearing_card",
  "clearing:passbook": "clearing_passbook",
  "clearing:phonebill": "clearing_phonebill",
  "revenue:service-fee": "revenue_service_fee",
  "revenue:penalty": "revenue_penalty",
  "revenue:transfer-fee": "revenue_transfer_fee",
  "expense:channel-fee": "expense_channel_fee",
};

/** The ids a code names, and its family; pure. */
function parseCode(code: string): { family: AccountFamily; userId?: string; loanId?: string; storeId?: string } {
  const fixed = FIXED[code];
  if (fixed) return { family: fixed };
  const parts = code.split(":");
  const id = (value: string | undefined) => (value && isUuid(value) ? value : undefined);
  if (parts[0] === "clearing" && parts[1] === "store") return { family: "clearing_store", storeId: id(parts[2]) };
  if (parts[0] === "loan" && parts[1] === "principal") return { family: "loan_principal", loanId: id(parts[2]) };
  if (parts[0] === "wallet" && parts[1] === "available") return { family: "wallet_available", userId: id(parts[2]) };
  if (parts[0] === "wallet" && parts[1] === "held") return { family: "wallet_held", userId: id(parts[2]) };
  if (parts[0] === "claim") return { family: "claim", userId: id(parts[1]), loanId: id(parts[2]) };
  return { family: "other" };
}

/**
 * Names for account codes (trial balance, an entry's postings, adjustments), with three
 * batched look-ups (people, loans, stores) whatever the number of codes.
 */
export async function nameAccounts(db: DbOrTx, input: { codes: readonly string[] }): Promise<Map<string, AccountName>> {
  const parsed = new Map(input.codes.map((code) => [code, parseCode(code)]));
  const ids = (pick: (p: ReturnType<typeof parseCode>) => string | undefined) => [...new Set([...parsed.values()].map(pick).filter((v): v is string => !!v))];
  const [userIds, loanIds, storeIds] = [ids((p) => p.userId), ids((p) => p.loanId), ids((p) => p.storeId)];
  const people = new Map(
    (userIds.length ? await db.select({ id: users.id, name: users.name, phone: users.phone }).from(users).where(inArray(users.id, userIds)) : []).map((u) => [
      u.id,
      `${u.name ? `${maskName(u.name)} ` : ""}${maskPhone(u.phone)}`,
    ]),
  );
  const loanTitles = new Map((loanIds.length ? await db.select({ id: loans.id, title: loans.titleZh }).from(loans).where(inArray(loans.id, loanIds)) : []).map((l) => [l.id, l.title]));
  const storeNames = new Map(
    (storeIds.length ? await db.select({ id: stores.id, code: stores.code, name: stores.nameZh }).from(stores).where(inArray(stores.id, storeIds)) : []).map((s) => [s.id, `${s.code} ${s.name}`]),
  );
  const names = new Map<string, AccountName>();
  for (const [code, p] of parsed) {
    const person = p.userId ? people.get(p.userId) : undefined;
    const loan = p.loanId ? loanTitles.get(p.loanId) : undefined;
    const store = p.storeId ? storeNames.get(p.storeId) : undefined;
    names.set(code, { family: p.family, ...(person ? { person } : {}), ...(loan ? { loan } : {}), ...(store ? { store } : {}) });
  }
  return names;
}
