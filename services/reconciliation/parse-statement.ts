import { parseCustodyStatement } from "./parse-custody-statement";
import { parsePassbookResult } from "./parse-passbook-result";
import { parsePhonebillSettlement } from "./parse-phonebill-settlement";
import { parseStoreCash } from "./parse-store-cash";
import { parseStripeBalance } from "./parse-stripe-balance";
import type { ParsedStatement, StatementSource } from "./types";

/** Parses an imported file as the source finance said it is; throws reconciliation.file_rejected. */
export function parseStatement(source: StatementSource, bytes: Uint8Array): ParsedStatement {
  switch (source) {
    case "stripe_balance":
      return { source, lines: parseStripeBalance(bytes) };
    case "custody_statement":
      return { source, lines: parseCustodyStatement(bytes) };
    case "passbook_result":
      return { source, lines: parsePassbookResult(bytes) };
    case "phonebill_settlement":
      return { source, lines: parsePhonebillSettlement(bytes) };
    case "store_cash":
      return { source, lines: parseStoreCash(bytes) };
  }
}
