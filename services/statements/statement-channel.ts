import type Decimal from "decimal.js";
import type { DbOrTx } from "../../db/client";

/**
 * The contract between a channel whose counterparty sends us statement files and
 * reconciliation, which matches those files against our books. It lives below both
 * (`services/statements`): a repayment channel describes its statement here without
 * importing reconciliation, and reconciliation loops over the descriptions.
 */

/** Where a line came from in its file: 1-based line number (header is line 1) and the text as written. */
export type LineOrigin = { line: number; raw: string };

/** Why a file was refused; a short code the UI and logs can key on. */
export type FileRejectionReason =
  | "not_utf8"
  | "empty"
  | "bad_csv"
  | "wrong_columns"
  | "missing_value"
  | "bad_amount"
  | "bad_date"
  | "bad_status"
  | "bad_kind"
  | "bad_direction"
  | "bad_currency"
  | "bad_phone"
  | "bad_reference"
  | "unknown_reference"
  | "net_mismatch"
  | "mixed_file";

/** A line of an outside party's file, normalised for matching. */
export type TheirLine = {
  /** Unique across the run, e.g. `<fileId>:<line>`; results name lines by it. */
  id: string;
  /** The statement source (channel) it came from. */
  source: string;
  reference?: string;
  /** Signed as the money moved for the channel; for a group line, the gross. */
  amountCny: Decimal;
  /** Beijing calendar date, YYYY-MM-DD. */
  date: string;
  kind: string;
  /** What the channel kept (Stripe fee, operator commission); posted by whoever books the match. */
  feeCny?: Decimal;
  /** A payout or settlement covering many of our items: matched by group, not line by line. */
  group?: {
    key: string;
    /** Our references the channel says the group covers (a settlement's request ids). */
    memberReferences: readonly string[];
    netCny: Decimal;
  };
  /** The line as written; two lines with the same text are the same line sent twice. */
  raw?: string;
};

/** A ledger-side item expected on a channel (a posting on its clearing account), normalised. */
export type OurItem = {
  id: string;
  entryId?: string;
  reference?: string;
  amountCny: Decimal;
  date: string;
  /** The payout or settlement this item is known to belong to, when our side knows it. */
  groupKey?: string;
};

/** One of our items on a channel, with what a person needs to recognise it and the entries that booked it. */
export type OurItemView = OurItem & { label: string; entryIds: string[] };

/** A file line as stored at import: the text as written and the fields matching and reports use. */
export type StoredLine = { lineNo: number; raw: string; reference: string | null; amount: Decimal; fee: Decimal | null; date: string; kind: string; groupKey: string | null };

/** A file a sandbox counterparty would have sent for a day. */
export interface GeneratedStatement {
  source: string;
  fileName: string;
  bytes: Uint8Array;
}

/** Beijing days, inclusive, and the same range as instants. */
export interface ItemRange {
  operatorId: string;
  fromDate: string;
  toDate: string;
  from: Date;
  to: Date;
}

/**
 * One statement a channel's counterparty sends, and how reconciliation reads it against
 * our books. `read` is the format's one reader: the channel's own import uses it too.
 */
export interface StatementChannel<L extends LineOrigin = LineOrigin> {
  /** The statement's name (statement_imports.source, reconciliation's channel). */
  source: string;
  /** The file's header, as written. */
  columns: readonly string[];
  /** Reads a whole file strictly; throws statement.file_rejected. */
  read(bytes: Uint8Array | string): L[];
  /** Each file line as stored at import (one row per line, failed debits included). */
  storedLines(lines: readonly L[]): StoredLine[];
  /** The lines the matcher compares; `fileId` keeps line ids unique across files. */
  theirLines(lines: readonly L[], fileId: string): TheirLine[];
  /** What our books say the channel carried between two days. */
  listOurItems(db: DbOrTx, range: ItemRange): Promise<OurItemView[]>;
  /** The ledger accounts whose balance the day's sign-off checks (one code, or every account under a prefix). */
  clearing: { code: string } | { prefix: string };
  /** Where a matched line's fee is booked from (credited); absent when the channel has no single clearing account. */
  feeAccount?: { code: string; type: "asset" | "liability" | "revenue" | "expense" | "equity" };
  /** The entry in which the channel already booked a line's fee itself, if it did (then reconciliation posts none). */
  bookedFeeEntryId?(db: DbOrTx, operatorId: string, line: TheirLine): Promise<string | null>;
  /** Whether their reference can be compared with ours (Stripe's CSV names charges, which we do not keep). */
  comparableReference?(reference: string): boolean;
  /**
   * Books what the file is itself the evidence of, in the import's transaction (the custody
   * statement books the settlements that arrived); a throw refuses the whole file.
   */
  bookOnImport?(tx: DbOrTx, input: { operatorId: string; lines: readonly L[]; postedBy: { userId: string } | { system: string }; now: Date }): Promise<unknown>;
  /** The counterparty's own closing balance for a day, when its statement prints one (the bank's 余额); null for a day without lines. */
  closingBalance?(db: DbOrTx, input: { operatorId: string; date: string }): Promise<Decimal | null>;
  /** Files the sandbox counterparty would send for a day, written from our own records. */
  sandboxStatements?(db: DbOrTx, input: { operatorId: string; date: string }): Promise<GeneratedStatement[]>;
}

/** Keeps a channel's line type inside its own description while the registry holds them side by side. */
export function defineStatementChannel<L extends LineOrigin>(channel: StatementChannel<L>): StatementChannel {
  return channel as unknown as StatementChannel;
}
