import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  customType,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { AnyPgColumn } from "drizzle-orm/pg-core";

// drizzle 0.45 has no bytea column; both postgres.js and PGlite hand back
// Buffer or Uint8Array, so we normalise to Uint8Array.
export const bytes = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType() {
    return "bytea";
  },
  fromDriver(value) {
    return new Uint8Array(value);
  },
});

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const roleEnum = pgEnum("role", [
  "borrower",
  "investor",
  "store_clerk",
  "risk_officer",
  "finance",
  "collector",
  "admin",
]);

/** Each telecom operator is a tenant: its brand, its sign-on, its stores and billing. */
export const operators = pgTable("operators", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull().unique(),
  nameZh: text("name_zh").notNull(),
  nameEn: text("name_en").notNull(),
  logoPath: text("logo_path").notNull(),
  brandPrimary: text("brand_primary").notNull(),
  brandPrimaryDark: text("brand_primary_dark").notNull(),
  brandAccent: text("brand_accent").notNull(),
  /** Origins (scheme://host[:port]) allowed to frame the portal: CSP frame-ancestors. */
  frameAncestors: text("frame_ancestors").array().notNull().default(sql`'{}'::text[]`),
  oidcIssuer: text("oidc_issuer"),
  oidcClientId: text("oidc_client_id"),
  /** Never rendered in any page; read only by the sign-on service. */
  oidcClientSecret: text("oidc_client_secret"),
  createdAt: createdAt(),
});

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    /** Mainland mobile number, 11 digits, no country prefix. */
    phone: text("phone").notNull(),
    name: text("name"),
    passwordHash: text("password_hash"),
    failedPasswordAttempts: integer("failed_password_attempts").notNull().default(0),
    passwordLockedUntil: timestamp("password_locked_until", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_operator_phone_key").on(t.operatorId, t.phone)],
);

export const userRoles = pgTable(
  "user_roles",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    role: roleEnum("role").notNull(),
    grantedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
);

/**
 * Sessions after the Lucia model: the cookie carries `<id>.<secret>`, we keep only
 * SHA-256(secret). Expiry slides with use up to an absolute limit.
 */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    secretHash: bytes("secret_hash").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    absoluteExpiresAt: timestamp("absolute_expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** One row per SMS code sent; also the record the resend throttles count. */
export const smsCodes = pgTable(
  "sms_codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    phone: text("phone").notNull(),
    codeHash: bytes("code_hash").notNull(),
    requestIp: text("request_ip").notNull(),
    attempts: integer("attempts").notNull().default(0),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    consumedAt: timestamp("consumed_at", { withTimezone: true }),
  },
  (t) => [
    index("sms_codes_phone_idx").on(t.operatorId, t.phone, t.createdAt),
    index("sms_codes_ip_idx").on(t.requestIp, t.createdAt),
  ],
);

/** What the sandbox SMS adapter "sent"; shown on a page that exists only outside production. */
export const smsOutbox = pgTable(
  "sms_outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    phone: text("phone").notNull(),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sms_outbox_operator_idx").on(t.operatorId, t.createdAt)],
);

/** Append-only record of who did what; never updated. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id").references(() => operators.id),
    actorUserId: uuid("actor_user_id").references(() => users.id),
    action: text("action").notNull(),
    subject: text("subject"),
    details: jsonb("details").notNull().default(sql`'{}'::jsonb`),
    createdAt: createdAt(),
  },
  (t) => [index("audit_log_operator_idx").on(t.operatorId, t.createdAt)],
);

// ---------------------------------------------------------------------------
// Ledger (issue 3). Double-entry, append-only. See
// docs/decisions/2026-11-21-ledger-schema-and-locking.md for the reasoning; the
// triggers that make these tables append-only and balanced live in the custom
// migration 0002_ledger_guarantees.sql, not here.
//
// Sign convention: a posting's `amount` is signed, debit positive, credit
// negative; an entry's postings sum to zero. An account's balance on its normal
// side is sum(amount) for asset/expense accounts and -sum(amount) for
// liability/revenue/equity accounts.
// ---------------------------------------------------------------------------

/** numeric(20,2): 18 integer digits and the fen. Drizzle hands it over as a string; convert with decimal.js. */
const money = (name: string) => numeric(name, { precision: 20, scale: 2 });

export const ledgerAccountTypeEnum = pgEnum("ledger_account_type", ["asset", "liability", "revenue", "expense", "equity"]);

/**
 * `no_negative`: the balance on the account's normal side, minus what pending holds
 * reserve, may not go below zero (TigerBeetle's debits_must_not_exceed_credits for a
 * credit-normal wallet). Only accounts with a rule keep a stored balance, and only
 * they are row-locked when posting.
 */
export const ledgerBalanceRuleEnum = pgEnum("ledger_balance_rule", ["none", "no_negative"]);

export const ledgerCauseTypeEnum = pgEnum("ledger_cause_type", [
  "loan",
  "investment",
  "repayment",
  "top_up",
  "withdrawal",
  "statement_line",
  "adjustment",
]);

export const ledgerHoldStatusEnum = pgEnum("ledger_hold_status", ["pending", "posted", "voided"]);

export const ledgerAccounts = pgTable(
  "ledger_accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    /** e.g. `wallet:available:<userId>`, `clearing:card`; unique per operator. */
    code: text("code").notNull(),
    type: ledgerAccountTypeEnum("type").notNull(),
    currency: text("currency").notNull().default("CNY"),
    ownerUserId: uuid("owner_user_id").references(() => users.id),
    balanceRule: ledgerBalanceRuleEnum("balance_rule").notNull().default("none"),
    /** Normal-side posted balance; kept (by trigger) only for accounts with a balance rule, else NULL. */
    postedBalance: money("posted_balance"),
    /** What pending holds reserve against the normal side; same rule as posted_balance. */
    pendingOut: money("pending_out"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("ledger_accounts_operator_code_key").on(t.operatorId, t.code),
    index("ledger_accounts_owner_idx").on(t.ownerUserId),
    check("ledger_accounts_currency_format", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check("ledger_accounts_code_format", sql`length(${t.code}) <= 200 and ${t.code} ~ '^[a-z][a-z0-9_-]*(:[A-Za-z0-9_.-]+)*$'`),
    check(
      "ledger_accounts_stored_balance",
      sql`(${t.balanceRule} = 'none' and ${t.postedBalance} is null and ${t.pendingOut} is null)
        or (${t.balanceRule} <> 'none' and ${t.postedBalance} is not null and ${t.pendingOut} is not null)`,
    ),
    check("ledger_accounts_pending_out_nonnegative", sql`${t.pendingOut} >= 0`),
    // The no-negative rule itself: checked on every row version, so two racing
    // transactions cannot both spend the same fen.
    check("ledger_accounts_no_negative", sql`${t.balanceRule} <> 'no_negative' or ${t.postedBalance} - ${t.pendingOut} >= 0`),
  ],
);

export const ledgerEntries = pgTable(
  "ledger_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /**
     * No foreign key to operators: it would share-lock the operator's row on every
     * entry. The operator is vouched for through the accounts (see ledger_postings).
     */
    operatorId: uuid("operator_id").notNull(),
    /** Caller-chosen; a replay with the same key and content returns this entry. */
    idempotencyKey: text("idempotency_key").notNull(),
    /** SHA-256 of the canonical request; a different request under the same key is a conflict. */
    requestHash: bytes("request_hash").notNull(),
    /** SHA-256 of the sorted `account_id:amount` lines; verified at commit and by ledger:check. */
    postingsHash: bytes("postings_hash").notNull(),
    currency: text("currency").notNull(),
    /** Sum of the debit postings (the entry's size); verified at commit. */
    amount: money("amount").notNull(),
    kind: text("kind").notNull(),
    memo: text("memo").notNull().default(""),
    causeType: ledgerCauseTypeEnum("cause_type").notNull(),
    causeId: text("cause_id"),
    postedByUserId: uuid("posted_by_user_id").references(() => users.id),
    postedBySystem: text("posted_by_system"),
    reversesEntryId: uuid("reverses_entry_id").references((): AnyPgColumn => ledgerEntries.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("ledger_entries_operator_key_key").on(t.operatorId, t.idempotencyKey),
    // An entry is reversed at most once.
    uniqueIndex("ledger_entries_reverses_key").on(t.reversesEntryId).where(sql`${t.reversesEntryId} is not null`),
    index("ledger_entries_operator_created_idx").on(t.operatorId, t.createdAt),
    index("ledger_entries_operator_cause_idx").on(t.operatorId, t.causeType, t.causeId),
    check("ledger_entries_key_length", sql`length(${t.idempotencyKey}) between 1 and 200`),
    check("ledger_entries_kind_format", sql`${t.kind} ~ '^[a-z][a-z0-9_.]{0,63}$'`),
    check("ledger_entries_memo_length", sql`length(${t.memo}) <= 500`),
    check("ledger_entries_posted_by_one", sql`(${t.postedByUserId} is null) <> (${t.postedBySystem} is null)`),
    check("ledger_entries_not_self_reversal", sql`${t.reversesEntryId} <> ${t.id}`),
    check("ledger_entries_amount_positive", sql`${t.amount} > 0`),
  ],
);

export const ledgerPostings = pgTable(
  "ledger_postings",
  {
    /**
     * Append order; with created_at it orders statements.
     *
     * entry_id and account_id carry no declared foreign keys: a foreign-key check
     * share-locks the referenced row, and the hot accounts (clearing, revenue,
     * custody) must not be locked by every posting. The insert trigger checks both
     * instead, without locks; that is as strong, because entries and accounts can
     * never be deleted (0002_ledger_guarantees.sql). It also checks that the account
     * belongs to the posting's operator and currency.
     */
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    entryId: uuid("entry_id").notNull(),
    operatorId: uuid("operator_id").notNull(),
    accountId: uuid("account_id").notNull(),
    currency: text("currency").notNull(),
    /** Signed: debit positive, credit negative. */
    amount: money("amount").notNull(),
    /** Copy of the entry's created_at (verified at commit) so statements read one index. */
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("ledger_postings_entry_idx").on(t.entryId),
    index("ledger_postings_account_created_idx").on(t.accountId, t.createdAt, t.id),
    check("ledger_postings_amount_nonzero", sql`${t.amount} <> 0`),
  ],
);

/**
 * Two-phase transfers (TigerBeetle's pending transfers): a hold reserves `amount`
 * from the debit account to the credit account; it is later posted (an entry for
 * posted_amount <= amount) or voided, exactly once.
 */
export const ledgerHolds = pgTable(
  "ledger_holds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Accounts, operator and currency are checked by the insert trigger, not by (locking) foreign keys. */
    operatorId: uuid("operator_id").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    requestHash: bytes("request_hash").notNull(),
    currency: text("currency").notNull(),
    debitAccountId: uuid("debit_account_id").notNull(),
    creditAccountId: uuid("credit_account_id").notNull(),
    amount: money("amount").notNull(),
    kind: text("kind").notNull(),
    memo: text("memo").notNull().default(""),
    causeType: ledgerCauseTypeEnum("cause_type").notNull(),
    causeId: text("cause_id"),
    placedByUserId: uuid("placed_by_user_id").references(() => users.id),
    placedBySystem: text("placed_by_system"),
    status: ledgerHoldStatusEnum("status").notNull().default("pending"),
    createdAt: createdAt(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    resolvedByUserId: uuid("resolved_by_user_id").references(() => users.id),
    resolvedBySystem: text("resolved_by_system"),
    postedEntryId: uuid("posted_entry_id")
      .unique("ledger_holds_posted_entry_key")
      .references(() => ledgerEntries.id),
    postedAmount: money("posted_amount"),
  },
  (t) => [
    uniqueIndex("ledger_holds_operator_key_key").on(t.operatorId, t.idempotencyKey),
    index("ledger_holds_debit_account_idx").on(t.debitAccountId),
    index("ledger_holds_credit_account_idx").on(t.creditAccountId),
    index("ledger_holds_operator_status_idx").on(t.operatorId, t.status, t.createdAt),
    check("ledger_holds_distinct_accounts", sql`${t.debitAccountId} <> ${t.creditAccountId}`),
    check("ledger_holds_amount_positive", sql`${t.amount} > 0`),
    check("ledger_holds_key_length", sql`length(${t.idempotencyKey}) between 1 and 200`),
    check("ledger_holds_kind_format", sql`${t.kind} ~ '^[a-z][a-z0-9_.]{0,63}$'`),
    check("ledger_holds_memo_length", sql`length(${t.memo}) <= 500`),
    check("ledger_holds_placed_by_one", sql`(${t.placedByUserId} is null) <> (${t.placedBySystem} is null)`),
    check(
      "ledger_holds_status_consistent",
      sql`(${t.status} = 'pending' and ${t.resolvedAt} is null and ${t.postedEntryId} is null and ${t.postedAmount} is null
            and ${t.resolvedByUserId} is null and ${t.resolvedBySystem} is null)
        or (${t.status} = 'posted' and ${t.resolvedAt} is not null and ${t.postedEntryId} is not null
            and ${t.postedAmount} > 0 and ${t.postedAmount} <= ${t.amount}
            and (${t.resolvedByUserId} is null) <> (${t.resolvedBySystem} is null))
        or (${t.status} = 'voided' and ${t.resolvedAt} is not null and ${t.postedEntryId} is null and ${t.postedAmount} is null
            and (${t.resolvedByUserId} is null) <> (${t.resolvedBySystem} is null))`,
    ),
  ],
);
