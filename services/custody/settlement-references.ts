import { chart } from "../ledger/chart";

/**
 * What a custody statement's incoming (CR) line settles, read from the reference the
 * payer put on the transfer (docs/file-formats.md). Pure: the phone-bill settlement ids
 * the operator named are looked up by the caller and passed in.
 *
 * - `PDS<YYYYMMDD>`: the bank's daily sweep of the passbook debits it collected for us
 *   (代扣资金归集) → `clearing:passbook`.
 * - `po_…`: a Stripe payout of card top-ups → `clearing:card`.
 * - a phone-bill settlement id we recorded (the operator pays the net under it) →
 *   `clearing:phonebill`.
 *
 * Anything else is not booked: it stays a line for reconciliation to explain.
 */
export type SettlementKind = "passbook_sweep" | "card_payout" | "phonebill_settlement";

export const PASSBOOK_SWEEP_REFERENCE = /^PDS(\d{4})(\d{2})(\d{2})$/;
/** Stripe ids are `po_` and up to 255 characters of letters, digits and underscores; a bank reference field holds far fewer. */
export const STRIPE_PAYOUT_REFERENCE = /^po_[A-Za-z0-9_]{1,64}$/;

export const SETTLEMENT_CLEARING: Readonly<Record<SettlementKind, ReturnType<typeof chart.custodyBank>>> = {
  passbook_sweep: chart.clearingPassbook(),
  card_payout: chart.clearingCard(),
  phonebill_settlement: chart.clearingPhonebill(),
};

/** The reference the bank puts on its sweep of one Beijing day's passbook collections. */
export function passbookSweepReference(date: string): string {
  return `PDS${date.replaceAll("-", "")}`;
}

export function settlementKindOf(reference: string, phonebillSettlementIds: ReadonlySet<string>): SettlementKind | null {
  if (PASSBOOK_SWEEP_REFERENCE.test(reference)) return "passbook_sweep";
  if (STRIPE_PAYOUT_REFERENCE.test(reference)) return "card_payout";
  if (phonebillSettlementIds.has(reference)) return "phonebill_settlement";
  return null;
}

/** The idempotency key of the entry booking a bank line: a bank reference names one transfer on our account. */
export function custodyLineKey(reference: string): string {
  return `custody-line:${reference}`;
}

/** Entries booked from a custody statement line are of this kind (reconciliation treats them as explained by the bank). */
export const CUSTODY_SETTLEMENT_KIND = "custody_settlement";
