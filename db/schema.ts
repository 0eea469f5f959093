import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  customType,
  date,
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
import {
  ADJUSTMENT_STATUSES,
  APPLICATION_CHANNELS,
  APPLICATION_STATUSES,
  CALLBACK_OUTCOMES,
  CARD_TOP_UP_STATUSES,
  COLLECTION_CASE_STATUSES,
  DISBURSEMENT_CHANNELS,
  DUE_RUN_STATUSES,
  INSTALLMENT_STATUSES,
  INVESTMENT_STATUSES,
  DEBT_TRANSFER_STATUSES,
  LEDGER_ACCOUNT_TYPES,
  LEDGER_BALANCE_RULES,
  LEDGER_CAUSE_TYPES,
  LEDGER_HOLD_STATUSES,
  LOAN_STATUSES,
  PAYOUT_KINDS,
  PAYOUT_STATUSES,
  REPAYMENT_METHODS,
  REVIEW_OUTCOMES,
  RISK_GRADES,
  RISK_LEVELS,
  RISK_LISTS,
  RISK_LIST_KINDS,
  ROLES,
  WITHDRAWAL_STATUSES,
} from "./enums";
import { LOAN_PURPOSES } from "./loan-purposes";

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

export const roleEnum = pgEnum("role", ROLES);

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
  /** Staff roles that must prove a second factor (TOTP) in every session before their pages open. */
  secondFactorRoles: roleEnum("second_factor_roles").array().notNull().default(sql`'{finance,risk_officer,admin}'::role[]`),
  /** Staff must state a reason before a page shows a person's unmasked data (audited with it). */
  revealReasonRequired: boolean("reveal_reason_required").notNull().default(false),
  /**
   * The platform information the 2017 disclosure guideline asks to publish (operating company,
   * registered address, ICP record, custody bank, customer service): the public disclosure page.
   * Missing fields show as not provided.
   */
  platformInfo: jsonb("platform_info").$type<PlatformInfo>().notNull().default(sql`'{}'::jsonb`),
  createdAt: createdAt(),
});

/** The operator's platform information for public disclosure (operators.platform_info). */
export interface PlatformInfo {
  companyName?: string;
  registeredAddress?: string;
  icpRecord?: string;
  custodyBank?: string;
  customerServicePhone?: string;
  establishedOn?: string;
}

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
    createdAt: createdAt(),
    /**
     * Closed by the person (PIPL): no session, no sign-in. The row and everything it owns stay
     * (records are never deleted or altered, DESIGN.md); docs/decisions/2026-12-04-account-closing.md.
     */
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("users_operator_phone_key").on(t.operatorId, t.phone)],
);

/**
 * Wrong passwords counted per account AND source (the client's address), so a stranger who
 * knows a phone number locks out only their own attempts, never the owner's. The source `*`
 * counts an account's failures from everywhere: the ceiling against guessing from many
 * addresses at once (services/identity/password-failures.ts).
 */
export const passwordFailures = pgTable(
  "password_failures",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    source: text("source").notNull(),
    failures: integer("failures").notNull().default(0),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.source] }), check("password_failures_count", sql`${t.failures} >= 0`)],
);

/**
 * A staff member's second factor (TOTP, RFC 6238). The key is encrypted with the portal's
 * field encryption, bound to the user; `lastUsedStep` makes every code single-use.
 */
export const staffSecondFactors = pgTable("staff_second_factors", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  keyEnc: bytes("key_enc").notNull(),
  /** Null until a first code from the person's app is accepted. */
  confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
  /** The last 30-second step accepted: codes of this step or earlier are refused. */
  lastUsedStep: bigint("last_used_step", { mode: "bigint" }),
  createdAt: createdAt(),
});

export const staffRoleRequestStatusEnum = pgEnum("staff_role_request_status", ["pending", "approved", "rejected"]);

/**
 * A grant of a role that moves money or rights (finance, admin) waits for a second admin:
 * the maker asks with a reason, a different admin approves (the role is granted in the same
 * transaction) or rejects. One pending request per person and role.
 */
export const staffRoleRequests = pgTable(
  "staff_role_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    role: roleEnum("role").notNull(),
    reason: text("reason").notNull(),
    status: staffRoleRequestStatusEnum("status").notNull().default("pending"),
    requestedByUserId: uuid("requested_by_user_id")
      .notNull()
      .references(() => users.id),
    requestedAt: createdAt(),
    decidedByUserId: uuid("decided_by_user_id").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decisionNote: text("decision_note"),
  },
  (t) => [
    uniqueIndex("staff_role_requests_one_pending").on(t.userId, t.role).where(sql`${t.status} = 'pending'`),
    index("staff_role_requests_operator_idx").on(t.operatorId, t.status),
    check("staff_role_requests_reason_length", sql`length(${t.reason}) between 1 and 500`),
    check("staff_role_requests_four_eyes", sql`${t.decidedByUserId} is null or ${t.decidedByUserId} <> ${t.requestedByUserId}`),
  ],
);

/** One-time recovery codes of a second factor, kept as keyed hashes (identity/totp.ts). */
export const staffRecoveryCodes = pgTable(
  "staff_recovery_codes",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.codeHash] })],
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
    /** When the person proved their second factor in this session; staff roles that need one wait for it. */
    secondFactorAt: timestamp("second_factor_at", { withTimezone: true }),
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
    /** `sign_in` or `password_reset`: a code for one is never accepted for the other. */
    purpose: text("purpose").notNull().default("sign_in"),
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

/**
 * Every text message the portal sends, whatever the gateway (services/sms): queued in the
 * transaction of its cause, then sent (the provider's BizId), then delivered or failed by the
 * provider's receipt. The phone and the template parameters (which carry one-time codes) are
 * sealed with the field encryption, bound to the row; `phone_masked` is what staff see.
 */
export const smsMessages = pgTable(
  "sms_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    kind: text("kind").notNull(),
    phoneEnc: bytes("phone_enc").notNull(),
    phoneMasked: text("phone_masked").notNull(),
    /** JSON of the template parameters, sealed; null once a one-time code went through a real gateway. */
    paramsEnc: bytes("params_enc"),
    /** `now`: sent by the request that recorded it (one-time codes); `dispatcher`: after commit, with retries. */
    delivery: text("delivery").notNull(),
    status: text("status").notNull().default("queued"),
    gateway: text("gateway"),
    templateCode: text("template_code"),
    providerMessageId: text("provider_message_id"),
    errorCode: text("error_code"),
    attempts: integer("attempts").notNull().default(0),
    /** When the dispatcher claims it next (null: not the dispatcher's). */
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    /** The last attempt may have reached the provider without an answer: ask by OutId before sending again. */
    uncertain: boolean("uncertain").notNull().default(false),
    createdAt: createdAt(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    receiptCheckedAt: timestamp("receipt_checked_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    index("sms_messages_operator_idx").on(t.operatorId, t.createdAt),
    index("sms_messages_dispatch_idx").on(t.nextAttemptAt).where(sql`status = 'queued' and delivery = 'dispatcher'`),
    index("sms_messages_receipt_idx").on(t.receiptCheckedAt).where(sql`status = 'sent'`),
    check("sms_messages_status_check", sql`${t.status} in ('queued', 'sent', 'delivered', 'failed')`),
    check("sms_messages_delivery_check", sql`${t.delivery} in ('now', 'dispatcher')`),
    check("sms_messages_sent_has_id_check", sql`${t.status} in ('queued', 'failed') or ${t.providerMessageId} is not null`),
  ],
);

/**
 * The inbox (站内信): one row per notification to a person, written in the transaction that
 * sent the SMS of the same kind and parameters; the text is the SMS template's
 * (services/notifications). Only `read_at` ever changes.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind").notNull(),
    params: jsonb("params").$type<Record<string, string>>().notNull(),
    smsMessageId: uuid("sms_message_id").references(() => smsMessages.id),
    createdAt: createdAt(),
    readAt: timestamp("read_at", { withTimezone: true }),
  },
  (t) => [
    index("notifications_user_idx").on(t.userId, t.createdAt),
    index("notifications_unread_idx").on(t.userId).where(sql`read_at is null`),
  ],
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

export const ledgerAccountTypeEnum = pgEnum("ledger_account_type", LEDGER_ACCOUNT_TYPES);

/**
 * `no_negative`: the balance on the account's normal side, minus what pending holds
 * reserve, may not go below zero (TigerBeetle's debits_must_not_exceed_credits for a
 * credit-normal wallet). Only accounts with a rule keep a stored balance, and only
 * they are row-locked when posting.
 */
export const ledgerBalanceRuleEnum = pgEnum("ledger_balance_rule", LEDGER_BALANCE_RULES);

export const ledgerCauseTypeEnum = pgEnum("ledger_cause_type", LEDGER_CAUSE_TYPES);

export const ledgerHoldStatusEnum = pgEnum("ledger_hold_status", LEDGER_HOLD_STATUSES);

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
    /**
     * The account's trial-balance class (`ledger_account_class(code)`, 0026: all claims are `claim`,
     * all investor wallets `wallet:available`), set by the database's insert trigger when the account
     * is opened and never by the application (whatever it passes is overwritten); the accounts' guard
     * refuses any change, as for the code it derives from. The day close groups a million moved
     * accounts by it (0030; a plain column since 0031, see that migration for why not generated).
     */
    // Inserted as DEFAULT so the insert trigger fills it; the type lets callers leave it out.
    accountClass: text("class")
      .notNull()
      .$defaultFn(() => sql`default`),
  },
  (t) => [
    uniqueIndex("ledger_accounts_operator_code_key").on(t.operatorId, t.code),
    index("ledger_accounts_owner_idx").on(t.ownerUserId),
    // A trial balance class's accounts in code order (drill-down pages).
    index("ledger_accounts_class_code_idx").on(t.operatorId, t.accountClass, sql`${t.code} collate "C"`),
    // The code's and currency's formats are checked by the insert trigger (0032), under these
    // constraint names: both columns never change, and a CHECK here would be re-read and re-run on
    // every balance UPDATE.
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

/**
 * Balance snapshots (docs/decisions/2026-12-03-balance-snapshots.md): an account's
 * cumulative signed sum of postings (debit positive) and posting count over every posting
 * created before the end of `day` (Beijing). A row exists for each account on each day it
 * had postings (only then), so "as of a day" reads each account's latest row on or before
 * it (one primary-key probe). Written only by makeBalanceSnapshots; trusted only through the
 * operator's snapshots_through (ledger_snapshot_horizons); ledger:check recomputes them.
 */
export const ledgerBalanceSnapshots = pgTable(
  "ledger_balance_snapshots",
  {
    accountId: uuid("account_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    operatorId: uuid("operator_id").notNull(),
    balance: money("balance").notNull(),
    postings: bigint("postings", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.day] }),
    index("ledger_balance_snapshots_operator_day_idx").on(t.operatorId, t.day),
    check("ledger_balance_snapshots_postings_positive", sql`${t.postings} > 0`),
  ],
);

/**
 * Per operator: sealed_through is the last day the snapshot maker closed (a posting
 * created on or before it pulls both days back, by trigger); snapshots_through is the last
 * day whose snapshot rows are complete and exact. Readers trust rows up to
 * snapshots_through only. NULL: nothing yet.
 */
export const ledgerSnapshotHorizons = pgTable(
  "ledger_snapshot_horizons",
  {
    operatorId: uuid("operator_id")
      .primaryKey()
      .references(() => operators.id),
    sealedThrough: date("sealed_through", { mode: "string" }),
    snapshotsThrough: date("snapshots_through", { mode: "string" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [check("ledger_snapshot_horizons_order", sql`${t.snapshotsThrough} <= ${t.sealedThrough}`)],
);

/**
 * Trial balance by account class per day (docs/decisions/2026-12-05-books-by-class.md): for
 * each day up to the operator's snapshots_through, every class (`ledger_account_class(code)`:
 * the code without its id segments, e.g. `claim`, `wallet:available`, `custody:bank`) and type
 * that ever had a posting, with the sum of its accounts' debit balances, of their credit
 * balances and how many accounts are not zero, as of the end of that day (Beijing). Written by
 * the day close (makeBalanceSnapshots) from the balance snapshots of the accounts that moved;
 * trusted, like the snapshots, only up to snapshots_through.
 */
export const ledgerClassBalances = pgTable(
  "ledger_class_balances",
  {
    operatorId: uuid("operator_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    accountClass: text("class").notNull(),
    type: ledgerAccountTypeEnum("type").notNull(),
    debit: money("debit").notNull(),
    credit: money("credit").notNull(),
    accounts: integer("accounts").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.operatorId, t.day, t.accountClass, t.type] }),
    check("ledger_class_balances_nonnegative", sql`${t.debit} >= 0 and ${t.credit} >= 0 and ${t.accounts} >= 0`),
  ],
);

/**
 * The monthly disclosure's ledger figures of a month whose last day is closed (services/disclosure
 * makeDisclosureMonths, run by the day close): outstanding principal, concentration and lenders
 * as of the end of `as_of_day`. Trusted only while as_of_day <= the operator's snapshots_through
 * (a backdated posting reopens the day, the row stops being read and is rebuilt).
 */
export const disclosureMonthFigures = pgTable(
  "disclosure_month_figures",
  {
    operatorId: uuid("operator_id").notNull(),
    month: text("month").notNull(),
    asOfDay: date("as_of_day", { mode: "string" }).notNull(),
    outstandingPrincipal: money("outstanding_principal").notNull(),
    outstandingLoans: integer("outstanding_loans").notNull(),
    currentBorrowers: integer("current_borrowers").notNull(),
    top10Principal: money("top10_principal").notNull(),
    largestPrincipal: money("largest_principal").notNull(),
    cumulativeLenders: integer("cumulative_lenders").notNull(),
    currentLenders: integer("current_lenders").notNull(),
    /**
     * The month's loan, installment and transfer figures (services/disclosure/month-facts.ts), as
     * they stood when the day close kept the month: a published month does not move afterwards.
     */
    facts: jsonb("facts").notNull(),
  },
  (t) => [primaryKey({ columns: [t.operatorId, t.month] })],
);

// ---------------------------------------------------------------------------
// Finance console: manual adjustments under maker-checker.
// ---------------------------------------------------------------------------

export const adjustmentStatusEnum = pgEnum("adjustment_status", ADJUSTMENT_STATUSES);

/**
 * A correction one finance user proposes (with a mandatory reason) and another approves
 * or rejects. Approval posts the ledger entry in the same transaction; nobody decides
 * their own proposal (checked here as well as in code).
 */
export const ledgerAdjustments = pgTable(
  "ledger_adjustments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    status: adjustmentStatusEnum("status").notNull().default("proposed"),
    reason: text("reason").notNull(),
    /** [{ accountId, accountCode, amount }] with signed amounts (debit positive), as proposed. */
    lines: jsonb("lines").notNull(),
    /** Sum of the debit lines, for lists and search. */
    amount: money("amount").notNull(),
    proposedByUserId: uuid("proposed_by_user_id")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    decidedByUserId: uuid("decided_by_user_id").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decisionNote: text("decision_note"),
    /** The proposing form's key: a repeated submit is the first proposal (services/shared/idempotency.ts); null for proposals made by the system. */
    idempotencyKey: text("idempotency_key"),
    entryId: uuid("entry_id")
      .unique("ledger_adjustments_entry_key")
      .references(() => ledgerEntries.id),
  },
  (t) => [
    index("ledger_adjustments_operator_status_idx").on(t.operatorId, t.status, t.createdAt),
    uniqueIndex("ledger_adjustments_operator_key_key").on(t.operatorId, t.idempotencyKey),
    check("ledger_adjustments_reason_length", sql`length(btrim(${t.reason})) between 4 and 500`),
    check("ledger_adjustments_four_eyes", sql`${t.decidedByUserId} is null or ${t.decidedByUserId} <> ${t.proposedByUserId}`),
    check(
      "ledger_adjustments_status_consistent",
      sql`(${t.status} = 'proposed' and ${t.decidedByUserId} is null and ${t.decidedAt} is null and ${t.entryId} is null)
        or (${t.status} = 'approved' and ${t.decidedByUserId} is not null and ${t.decidedAt} is not null and ${t.entryId} is not null)
        or (${t.status} = 'rejected' and ${t.decidedByUserId} is not null and ${t.decidedAt} is not null and ${t.entryId} is null)`,
    ),
  ],
);

// ---------------------------------------------------------------------------
// Lending core shared by the borrower, investor and repayment journeys:
// stores, the product library, loans and the investments that fund them.
// docs/decisions/2026-11-21-loan-funding-contract.md gives the money flow.
// ---------------------------------------------------------------------------

/** Operator stores (营业厅): clerks work at one, cash is held per store (`clearing:store:<storeId>`). */
export const stores = pgTable(
  "stores",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    code: text("code").notNull(),
    nameZh: text("name_zh").notNull(),
    nameEn: text("name_en").notNull(),
    addressZh: text("address_zh").notNull(),
    /** Province and city as people say them (河南省 郑州市): borrowers are offered the stores of their own region first. */
    regionZh: text("region_zh").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("stores_operator_code_key").on(t.operatorId, t.code)],
);

export const storeClerks = pgTable(
  "store_clerks",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    storeId: uuid("store_id")
      .notNull()
      .references(() => stores.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.storeId] })],
);

/** A loan's risk and the most an investor may take: low ≤ conservative, medium ≤ balanced, high ≤ aggressive. */
export const riskLevelEnum = pgEnum("risk_level", RISK_LEVELS);
export const repaymentMethodEnum = pgEnum("repayment_method", REPAYMENT_METHODS);
export const loanPurposeEnum = pgEnum("loan_purpose", LOAN_PURPOSES);

/** A fraction such as an annual rate: numeric(9,6), 0.100000 = 10%. */
const rate = (name: string) => numeric(name, { precision: 9, scale: 6 });

/**
 * The product library (产品库), versioned: editing a product adds a version; a loan keeps
 * the version it was made under. Only one version of a code is active at a time.
 */
export const products = pgTable(
  "products",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    code: text("code").notNull(),
    version: integer("version").notNull(),
    nameZh: text("name_zh").notNull(),
    nameEn: text("name_en").notNull(),
    purpose: loanPurposeEnum("purpose").notNull(),
    minAmount: money("min_amount").notNull(),
    maxAmount: money("max_amount").notNull(),
    annualRate: rate("annual_rate").notNull(),
    termMonths: integer("term_months").notNull(),
    method: repaymentMethodEnum("method").notNull(),
    /** Share of each interest payment the platform keeps (net of it goes to investors). */
    serviceFeeRate: rate("service_fee_rate").notNull(),
    /** Penalty interest per day overdue, on the overdue amount. */
    penaltyDailyRate: rate("penalty_daily_rate").notNull(),
    riskLevel: riskLevelEnum("risk_level").notNull(),
    active: boolean("active").notNull().default(true),
    createdByUserId: uuid("created_by_user_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("products_operator_code_version_key").on(t.operatorId, t.code, t.version),
    uniqueIndex("products_one_active_version").on(t.operatorId, t.code).where(sql`${t.active}`),
    check("products_amount_range", sql`${t.minAmount} > 0 and ${t.minAmount} <= ${t.maxAmount}`),
    check("products_rates", sql`${t.annualRate} >= 0 and ${t.annualRate} < 1 and ${t.serviceFeeRate} >= 0 and ${t.serviceFeeRate} < 1 and ${t.penaltyDailyRate} >= 0`),
    check("products_term", sql`${t.termMonths} between 1 and 120`),
  ],
);

export const loanStatusEnum = pgEnum("loan_status", LOAN_STATUSES);

/**
 * A loan from the moment it is listed for funding. Its terms are copied from the product
 * version so later product edits never change a signed loan. `funded_amount` can never
 * pass `amount` (CHECK), however many investors click at once.
 */
export const loans = pgTable(
  "loans",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    borrowerUserId: uuid("borrower_user_id")
      .notNull()
      .references(() => users.id),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id),
    /** The application it came from (borrower journey); null for loans listed otherwise. */
    applicationId: uuid("application_id"),
    purpose: loanPurposeEnum("purpose").notNull(),
    /** Short public description shown to investors, e.g. "养殖贷 · 20 头肉牛补栏". */
    titleZh: text("title_zh").notNull(),
    /** Region shown to investors (province and county), never the address. */
    regionZh: text("region_zh").notNull(),
    amount: money("amount").notNull(),
    annualRate: rate("annual_rate").notNull(),
    termMonths: integer("term_months").notNull(),
    method: repaymentMethodEnum("method").notNull(),
    serviceFeeRate: rate("service_fee_rate").notNull(),
    penaltyDailyRate: rate("penalty_daily_rate").notNull(),
    riskLevel: riskLevelEnum("risk_level").notNull(),
    status: loanStatusEnum("status").notNull().default("funding"),
    fundedAmount: money("funded_amount").notNull().default("0"),
    /** Investments come in multiples of this, and at least `min_investment` (or what is left). */
    investmentStep: money("investment_step").notNull().default("50"),
    minInvestment: money("min_investment").notNull().default("100"),
    listedAt: timestamp("listed_at", { withTimezone: true }).notNull().defaultNow(),
    fundingDeadline: timestamp("funding_deadline", { withTimezone: true }).notNull(),
    fundedAt: timestamp("funded_at", { withTimezone: true }),
    disbursedAt: timestamp("disbursed_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("loans_operator_status_idx").on(t.operatorId, t.status, t.listedAt),
    index("loans_borrower_idx").on(t.borrowerUserId),
    check("loans_funded_within_amount", sql`${t.fundedAmount} >= 0 and ${t.fundedAmount} <= ${t.amount}`),
    check("loans_amount_positive", sql`${t.amount} > 0`),
    check("loans_steps_positive", sql`${t.investmentStep} > 0 and ${t.minInvestment} > 0`),
  ],
);

export const investmentStatusEnum = pgEnum("investment_status", INVESTMENT_STATUSES);

export const investments = pgTable(
  "investments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    loanId: uuid("loan_id")
      .notNull()
      .references(() => loans.id),
    investorUserId: uuid("investor_user_id")
      .notNull()
      .references(() => users.id),
    amount: money("amount").notNull(),
    /** The ledger hold reserving the investor's funds (wallet:available → wallet:held). */
    holdId: uuid("hold_id")
      .notNull()
      .unique("investments_hold_key")
      .references(() => ledgerHolds.id),
    status: investmentStatusEnum("status").notNull().default("pending"),
    /** Caller-chosen, so a repeated submit creates one investment. */
    idempotencyKey: text("idempotency_key").notNull(),
    /** The auto-invest rule that placed it (自动投标); null for an investment made by hand. */
    autoInvestRuleId: uuid("auto_invest_rule_id").references((): AnyPgColumn => autoInvestRules.id),
    createdAt: createdAt(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("investments_operator_key_key").on(t.operatorId, t.idempotencyKey),
    index("investments_rule_idx").on(t.autoInvestRuleId),
    index("investments_loan_idx").on(t.loanId, t.status),
    index("investments_investor_idx").on(t.investorUserId, t.createdAt),
    check("investments_amount_positive", sql`${t.amount} > 0`),
  ],
);

export const debtTransferStatusEnum = pgEnum("debt_transfer_status", DEBT_TRANSFER_STATUSES);

/**
 * Per-operator limits of the debt transfer market (债权转让). No row = the defaults in
 * services/transfers/limits.ts (TRANSFER_SETTINGS); an admin's first save creates it. A
 * listing keeps the fee rate and expiry it was listed with.
 */
export const transferSettings = pgTable(
  "transfer_settings",
  {
    operatorId: uuid("operator_id")
      .primaryKey()
      .references(() => operators.id),
    holdingPeriodDays: integer("holding_period_days").notNull(),
    /** Lowest and highest price, fractions of principal + accrued interest (0.900000 = 90%). */
    minPriceRate: rate("min_price_rate").notNull(),
    maxPriceRate: rate("max_price_rate").notNull(),
    /** The seller's fee, a fraction of the price. */
    feeRate: rate("fee_rate").notNull(),
    listingValidityDays: integer("listing_validity_days").notNull(),
    minPrincipalCny: money("min_principal_cny").notNull(),
    updatedByUserId: uuid("updated_by_user_id").references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      "transfer_settings_ranges",
      sql`${t.holdingPeriodDays} between 0 and 365 and ${t.listingValidityDays} between 1 and 90 and ${t.minPriceRate} > 0
        and ${t.maxPriceRate} >= ${t.minPriceRate} and ${t.maxPriceRate} <= 2 and ${t.feeRate} >= 0 and ${t.feeRate} < 0.1 and ${t.minPrincipalCny} > 0`,
    ),
  ],
);

/**
 * A listing on the debt transfer market (债权转让, issue 19) and, once bought, the transfer itself.
 * The claim is not copied here: who owns how much of a loan stays the ledger's `claim:<user>:<loan>`
 * balances; this row says what was offered (principal, price as a share of principal + accrued
 * interest, fee rate) and, when sold, what moved (price, fee, accrued interest, the entry).
 * docs/decisions/2026-12-04-debt-transfer.md.
 */
export const debtTransfers = pgTable(
  "debt_transfers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    loanId: uuid("loan_id")
      .notNull()
      .references(() => loans.id),
    sellerUserId: uuid("seller_user_id")
      .notNull()
      .references(() => users.id),
    buyerUserId: uuid("buyer_user_id").references(() => users.id),
    /** The principal offered (part or all of the seller's claim). */
    principal: money("principal").notNull(),
    /** The price as a fraction of principal + accrued interest on the day of purchase (0.980000 = 98%). */
    priceRate: rate("price_rate").notNull(),
    /** The seller's fee as a fraction of the price, fixed when listed. */
    feeRate: rate("fee_rate").notNull(),
    status: debtTransferStatusEnum("status").notNull().default("listed"),
    listingKey: text("listing_key").notNull(),
    buyKey: text("buy_key"),
    cancelKey: text("cancel_key"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    /** Filled when sold: what the buyer paid, the seller's fee, the interest accrued to the seller within the price. */
    price: money("price"),
    fee: money("fee"),
    accruedInterest: money("accrued_interest"),
    entryId: uuid("entry_id").references(() => ledgerEntries.id),
    soldAt: timestamp("sold_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    /** Why a withdrawn listing left the list: loan_overdue, loan_closed, claim_reduced. */
    closeReason: text("close_reason"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("debt_transfers_listing_key").on(t.operatorId, t.listingKey),
    uniqueIndex("debt_transfers_buy_key").on(t.operatorId, t.buyKey),
    uniqueIndex("debt_transfers_one_listing").on(t.sellerUserId, t.loanId).where(sql`${t.status} = 'listed'`),
    index("debt_transfers_market_idx").on(t.operatorId, t.status, t.createdAt),
    index("debt_transfers_loan_idx").on(t.loanId, t.status),
    index("debt_transfers_buyer_idx").on(t.buyerUserId),
    check("debt_transfers_amounts", sql`${t.principal} > 0 and ${t.priceRate} > 0 and ${t.priceRate} <= 2 and ${t.feeRate} >= 0 and ${t.feeRate} < 1`),
    check(
      "debt_transfers_sold",
      sql`(${t.status} = 'sold') = (${t.buyerUserId} is not null and ${t.price} is not null and ${t.fee} is not null and ${t.entryId} is not null and ${t.soldAt} is not null)`,
    ),
    check("debt_transfers_not_own", sql`${t.buyerUserId} is null or ${t.buyerUserId} <> ${t.sellerUserId}`),
  ],
);

/**
 * An investor's auto-invest rule (自动投标, issue 19): the loans it buys (rate, term, repayment
 * methods, risk levels — never above the investor's assessed grade), how much per loan, the most
 * it holds in total, the cash it leaves in the wallet, whether returns are reinvested, and whether
 * it is paused. `last_allocated_at` orders the fair queue (services/auto-invest/allocate-loan.ts).
 */
export const autoInvestRules = pgTable(
  "auto_invest_rules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    investorUserId: uuid("investor_user_id")
      .notNull()
      .references(() => users.id),
    name: text("name").notNull(),
    minRate: rate("min_rate").notNull(),
    maxRate: rate("max_rate").notNull(),
    minTermMonths: integer("min_term_months").notNull(),
    maxTermMonths: integer("max_term_months").notNull(),
    methods: repaymentMethodEnum("methods").array().notNull(),
    riskLevels: riskLevelEnum("risk_levels").array().notNull(),
    amountPerLoan: money("amount_per_loan").notNull(),
    maxTotal: money("max_total").notNull(),
    cashToKeep: money("cash_to_keep").notNull().default("0"),
    reinvest: boolean("reinvest").notNull().default(true),
    paused: boolean("paused").notNull().default(false),
    lastAllocatedAt: timestamp("last_allocated_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("auto_invest_rules_queue_idx").on(t.operatorId, t.paused, t.lastAllocatedAt),
    index("auto_invest_rules_investor_idx").on(t.investorUserId),
    check("auto_invest_rules_rates", sql`${t.minRate} >= 0 and ${t.minRate} <= ${t.maxRate} and ${t.maxRate} < 1`),
    check("auto_invest_rules_terms", sql`${t.minTermMonths} >= 1 and ${t.minTermMonths} <= ${t.maxTermMonths} and ${t.maxTermMonths} <= 120`),
    check("auto_invest_rules_amounts", sql`${t.amountPerLoan} > 0 and ${t.maxTotal} >= ${t.amountPerLoan} and ${t.cashToKeep} >= 0`),
  ],
);

// ---------------------------------------------------------------------------
// Borrower journey (issue 6): settings, applications and their review, agreements,
// disbursement and the loan's installments. Money flow: the funding contract
// (docs/decisions/2026-11-21-loan-funding-contract.md).
// ---------------------------------------------------------------------------

/**
 * Per-operator compliance profile and review thresholds. No row = the defaults in
 * services/borrowing/settings.ts; an admin's first save creates it.
 */
export const borrowingSettings = pgTable(
  "borrowing_settings",
  {
    operatorId: uuid("operator_id")
      .primaryKey()
      .references(() => operators.id),
    /** One-year Loan Prime Rate, a fraction (0.030000 = 3.00%). */
    lprOneYear: rate("lpr_one_year").notNull(),
    /** The legal cap on the all-in annual cost is this multiple of the LPR (4 by default). */
    legalCapMultiple: numeric("legal_cap_multiple", { precision: 6, scale: 2 }).notNull(),
    /** A person's outstanding principal on the platform may not pass this. */
    exposureCap: money("exposure_cap").notNull(),
    multiAppWindowDays: integer("multi_app_window_days").notNull(),
    /** Other applications by the same ID, phone or device in the window: refer from this many, reject from the next. */
    multiAppReferCount: integer("multi_app_refer_count").notNull(),
    multiAppRejectCount: integer("multi_app_reject_count").notNull(),
    /** A risk officer's approval above this amount needs a second officer to confirm. */
    checkerThreshold: money("checker_threshold").notNull(),
    minTenureMonths: integer("min_tenure_months").notNull(),
    referTenureMonths: integer("refer_tenure_months").notNull(),
    arrearsReferCny: money("arrears_refer_cny").notNull(),
    arrearsRejectCny: money("arrears_reject_cny").notNull(),
    /** Refer when the amount asked is above this share of the household's annual income. */
    incomeReferRatio: rate("income_refer_ratio").notNull(),
    updatedByUserId: uuid("updated_by_user_id").references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("borrowing_settings_rates", sql`${t.lprOneYear} > 0 and ${t.lprOneYear} < 1 and ${t.legalCapMultiple} > 0 and ${t.incomeReferRatio} > 0`),
    check("borrowing_settings_amounts", sql`${t.exposureCap} > 0 and ${t.checkerThreshold} >= 0 and ${t.arrearsReferCny} >= 0 and ${t.arrearsRejectCny} >= ${t.arrearsReferCny}`),
    check(
      "borrowing_settings_counts",
      sql`${t.multiAppWindowDays} between 1 and 365 and ${t.multiAppReferCount} >= 1 and ${t.multiAppRejectCount} > ${t.multiAppReferCount}
        and ${t.minTenureMonths} >= 0 and ${t.referTenureMonths} >= ${t.minTenureMonths}`,
    ),
  ],
);

export const applicationStatusEnum = pgEnum("application_status", APPLICATION_STATUSES);
export const applicationChannelEnum = pgEnum("application_channel", APPLICATION_CHANNELS);
export const disbursementChannelEnum = pgEnum("disbursement_channel", DISBURSEMENT_CHANNELS);
export const repaymentChannelEnum = pgEnum("repayment_channel", ["passbook_debit", "store_cash", "phone_bill"]);
export const reviewOutcomeEnum = pgEnum("review_outcome", REVIEW_OUTCOMES);

/**
 * A loan application (登记申请), from draft to signature. The ID number is kept only
 * encrypted (AES-256-GCM) with a keyed hash for look-ups and a masked copy for display;
 * bank account numbers likewise.
 */
export const loanApplications = pgTable(
  "loan_applications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    borrowerUserId: uuid("borrower_user_id")
      .notNull()
      .references(() => users.id),
    /** The borrower, or the store clerk who filled it in on their behalf. */
    createdByUserId: uuid("created_by_user_id")
      .notNull()
      .references(() => users.id),
    channel: applicationChannelEnum("channel").notNull(),
    intakeStoreId: uuid("intake_store_id").references(() => stores.id),
    status: applicationStatusEnum("status").notNull().default("draft"),
    amount: money("amount"),
    termMonths: integer("term_months"),
    purpose: loanPurposeEnum("purpose"),
    purposeNote: text("purpose_note"),
    productId: uuid("product_id").references(() => products.id),
    fullName: text("full_name"),
    idNumberEnc: bytes("id_number_enc"),
    idNumberHash: bytes("id_number_hash"),
    idNumberMasked: text("id_number_masked"),
    birthDate: text("birth_date"),
    /** The applicant's phone: the signed-in user's, or verified by SMS code at the store. */
    phone: text("phone").notNull(),
    phoneVerifiedAt: timestamp("phone_verified_at", { withTimezone: true }),
    region: text("region"),
    village: text("village"),
    address: text("address"),
    disbursementChannel: disbursementChannelEnum("disbursement_channel"),
    passbookBank: text("passbook_bank"),
    passbookAccountEnc: bytes("passbook_account_enc"),
    passbookAccountMasked: text("passbook_account_masked"),
    supplierName: text("supplier_name"),
    supplierAccountEnc: bytes("supplier_account_enc"),
    supplierAccountMasked: text("supplier_account_masked"),
    cashStoreId: uuid("cash_store_id").references(() => stores.id),
    householdSize: integer("household_size"),
    annualIncome: money("annual_income"),
    incomeSource: text("income_source"),
    consentAt: timestamp("consent_at", { withTimezone: true }),
    deviceId: text("device_id"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    submittedIp: text("submitted_ip"),
    prelimOutcome: reviewOutcomeEnum("prelim_outcome"),
    /** The risk officer's decision: final amount and product version, and the offer computed from them. */
    finalAmount: money("final_amount"),
    finalProductId: uuid("final_product_id").references(() => products.id),
    offer: jsonb("offer"),
    proposedByUserId: uuid("proposed_by_user_id").references(() => users.id),
    proposedAt: timestamp("proposed_at", { withTimezone: true }),
    confirmedByUserId: uuid("confirmed_by_user_id").references(() => users.id),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    rejectReasons: jsonb("reject_reasons"),
    decisionNote: text("decision_note"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    repaymentChannel: repaymentChannelEnum("repayment_channel"),
    repaymentStoreId: uuid("repayment_store_id").references(() => stores.id),
    loanId: uuid("loan_id")
      .unique("loan_applications_loan_key")
      .references(() => loans.id),
    signedAt: timestamp("signed_at", { withTimezone: true }),
    /** When it was withdrawn, declined or expired; `close_reason` is the borrower's own words (optional). */
    closedAt: timestamp("closed_at", { withTimezone: true }),
    closeReason: text("close_reason"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("loan_applications_operator_status_idx").on(t.operatorId, t.status, t.submittedAt),
    index("loan_applications_borrower_idx").on(t.borrowerUserId, t.createdAt),
    index("loan_applications_id_hash_idx").on(t.idNumberHash, t.submittedAt),
    index("loan_applications_phone_idx").on(t.phone, t.submittedAt),
    index("loan_applications_device_idx").on(t.deviceId, t.submittedAt),
    check("loan_applications_four_eyes", sql`${t.confirmedByUserId} is null or ${t.confirmedByUserId} <> ${t.proposedByUserId}`),
    check("loan_applications_amounts", sql`(${t.amount} is null or ${t.amount} > 0) and (${t.finalAmount} is null or ${t.finalAmount} > 0) and (${t.annualIncome} is null or ${t.annualIncome} >= 0)`),
    check("loan_applications_signed", sql`(${t.status} = 'signed') = (${t.loanId} is not null and ${t.signedAt} is not null)`),
  ],
);

/** Every rule of the preliminary review (初审), hit or miss, with its evidence. */
export const applicationChecks = pgTable(
  "application_checks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => loanApplications.id),
    rule: text("rule").notNull(),
    hit: boolean("hit").notNull(),
    /** What a hit means for the outcome; null for a miss or an informational rule. */
    effect: reviewOutcomeEnum("effect"),
    evidence: jsonb("evidence").notNull().default(sql`'{}'::jsonb`),
    createdAt: createdAt(),
  },
  (t) => [index("application_checks_application_idx").on(t.applicationId)],
);

/** The application's timeline: submitted, reviewed, called back, approved, signed, disbursed... */
export const applicationEvents = pgTable(
  "application_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => loanApplications.id),
    kind: text("kind").notNull(),
    actorUserId: uuid("actor_user_id").references(() => users.id),
    note: text("note"),
    details: jsonb("details").notNull().default(sql`'{}'::jsonb`),
    createdAt: createdAt(),
  },
  (t) => [index("application_events_application_idx").on(t.applicationId, t.createdAt)],
);

export const callbackOutcomeEnum = pgEnum("callback_outcome", CALLBACK_OUTCOMES);

/** A referred application's call-back (电话回访), recorded by staff. */
export const callbackTasks = pgTable("callback_tasks", {
  id: uuid("id").primaryKey().defaultRandom(),
  operatorId: uuid("operator_id")
    .notNull()
    .references(() => operators.id),
  applicationId: uuid("application_id")
    .notNull()
    .unique("callback_tasks_application_key")
    .references(() => loanApplications.id),
  outcome: callbackOutcomeEnum("outcome"),
  note: text("note"),
  doneByUserId: uuid("done_by_user_id").references(() => users.id),
  doneAt: timestamp("done_at", { withTimezone: true }),
  createdAt: createdAt(),
});

export const riskListEnum = pgEnum("risk_list", RISK_LISTS);
export const riskListKindEnum = pgEnum("risk_list_kind", RISK_LIST_KINDS);

/** Black list (refuse) and red list (trusted) entries, matched by a keyed hash of the value. */
export const riskListEntries = pgTable(
  "risk_list_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    list: riskListEnum("list").notNull(),
    kind: riskListKindEnum("kind").notNull(),
    valueHash: bytes("value_hash").notNull(),
    valueMasked: text("value_masked").notNull(),
    reason: text("reason").notNull(),
    active: boolean("active").notNull().default(true),
    createdByUserId: uuid("created_by_user_id").references(() => users.id),
    createdAt: createdAt(),
    removedByUserId: uuid("removed_by_user_id").references(() => users.id),
    removedAt: timestamp("removed_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("risk_list_entries_active_key").on(t.operatorId, t.list, t.kind, t.valueHash).where(sql`${t.active}`),
    index("risk_list_entries_lookup_idx").on(t.operatorId, t.kind, t.valueHash),
  ],
);

/** One signed agreement: the exact text signed, its hash and template version, when, from where. */
export const agreementSignatures = pgTable(
  "agreement_signatures",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => loanApplications.id),
    kind: text("kind").notNull(),
    templateVersion: text("template_version").notNull(),
    title: text("title").notNull(),
    content: text("content").notNull(),
    /** SHA-256 (hex) of the content as signed. */
    documentHash: text("document_hash").notNull(),
    signerUserId: uuid("signer_user_id")
      .notNull()
      .references(() => users.id),
    /** The store clerk who witnessed a signing at the store. */
    witnessUserId: uuid("witness_user_id").references(() => users.id),
    signedAt: timestamp("signed_at", { withTimezone: true }).notNull(),
    ip: text("ip").notNull(),
    userAgent: text("user_agent").notNull(),
  },
  (t) => [uniqueIndex("agreement_signatures_application_kind_key").on(t.applicationId, t.kind)],
);

/** SMS codes of the borrower journey (phone verification at a store, signing, channel change). */
export const borrowingCodes = pgTable(
  "borrowing_codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    purpose: text("purpose").notNull(),
    /** What the code is for: an application id, a loan id, or a phone for a new store application. */
    subject: text("subject").notNull(),
    phone: text("phone").notNull(),
    codeHash: bytes("code_hash").notNull(),
    attempts: integer("attempts").notNull().default(0),
    requestIp: text("request_ip").notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    consumedAt: timestamp("consumed_at", { withTimezone: true }),
  },
  (t) => [index("borrowing_codes_subject_idx").on(t.operatorId, t.purpose, t.subject, t.createdAt)],
);

export const installmentStatusEnum = pgEnum("installment_status", INSTALLMENT_STATUSES);

/**
 * A disbursed loan's schedule, due dates counted from the disbursement date. The
 * repayment journey records what is paid against each installment.
 */
export const loanInstallments = pgTable(
  "loan_installments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    loanId: uuid("loan_id")
      .notNull()
      .references(() => loans.id),
    n: integer("n").notNull(),
    /** Beijing calendar date, YYYY-MM-DD. */
    dueDate: text("due_date").notNull(),
    principal: money("principal").notNull(),
    interest: money("interest").notNull(),
    payment: money("payment").notNull(),
    principalPaid: money("principal_paid").notNull().default("0"),
    interestPaid: money("interest_paid").notNull().default("0"),
    penaltyPaid: money("penalty_paid").notNull().default("0"),
    /** Penalty interest accrued by the daily due processing (repayment journey), capped by law. */
    penaltyAccrued: money("penalty_accrued").notNull().default("0"),
    /** The last Beijing date penalty was accrued for; a rerun for the same date adds nothing. */
    penaltyAccruedThrough: text("penalty_accrued_through"),
    /** Interest not owed because the loan was paid off early (interest only to the payoff date). */
    interestWaived: money("interest_waived").notNull().default("0"),
    status: installmentStatusEnum("status").notNull().default("scheduled"),
    paidAt: timestamp("paid_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("loan_installments_loan_n_key").on(t.loanId, t.n),
    index("loan_installments_operator_due_idx").on(t.operatorId, t.dueDate),
    check("loan_installments_amounts", sql`${t.principal} >= 0 and ${t.interest} >= 0 and ${t.payment} = ${t.principal} + ${t.interest}`),
    check(
      "loan_installments_paid",
      sql`${t.principalPaid} between 0 and ${t.principal} and ${t.interestPaid} >= 0 and ${t.interestWaived} >= 0 and ${t.interestPaid} + ${t.interestWaived} <= ${t.interest} and ${t.penaltyPaid} between 0 and ${t.penaltyAccrued}`,
    ),
  ],
);

/** How and by whom a loan was paid out; one per loan. */
export const loanDisbursements = pgTable("loan_disbursements", {
  id: uuid("id").primaryKey().defaultRandom(),
  operatorId: uuid("operator_id")
    .notNull()
    .references(() => operators.id),
  loanId: uuid("loan_id")
    .notNull()
    .unique("loan_disbursements_loan_key")
    .references(() => loans.id),
  channel: disbursementChannelEnum("channel").notNull(),
  storeId: uuid("store_id").references(() => stores.id),
  amount: money("amount").notNull(),
  /** Where the money went, masked (passbook or supplier account). */
  payeeMasked: text("payee_masked"),
  /** The ledger entries (one per up to 31 investors). */
  entryIds: jsonb("entry_ids").notNull(),
  disbursedByUserId: uuid("disbursed_by_user_id")
    .notNull()
    .references(() => users.id),
  disbursedAt: timestamp("disbursed_at", { withTimezone: true }).notNull(),
});

/** The repayment channel of a loan over time; the newest row is in force. */
export const loanRepaymentChannels = pgTable(
  "loan_repayment_channels",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    loanId: uuid("loan_id")
      .notNull()
      .references(() => loans.id),
    channel: repaymentChannelEnum("channel").notNull(),
    storeId: uuid("store_id").references(() => stores.id),
    /** Passbook auto-debit rests on the signed 委托划扣协议书. */
    entrustmentSignatureId: uuid("entrustment_signature_id").references(() => agreementSignatures.id),
    chosenByUserId: uuid("chosen_by_user_id")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("loan_repayment_channels_loan_idx").on(t.loanId, t.createdAt),
    check("loan_repayment_channels_debit_authorised", sql`${t.channel} <> 'passbook_debit' or ${t.entrustmentSignatureId} is not null`),
    check("loan_repayment_channels_store", sql`${t.channel} <> 'store_cash' or ${t.storeId} is not null`),
  ],
);

// ---------------------------------------------------------------------------
// Investor journey (issue 5): real name, risk assessment, top-ups (card through
// Stripe, cash at a store), withdrawals. Money moves only through the ledger; these
// tables record the business side of each movement and point at its entry or hold.
// docs/decisions/2026-11-21-investor-journey.md gives the reasoning.
// ---------------------------------------------------------------------------

/**
 * An investor's real-name record (实名). The ID number and bank card are stored only
 * encrypted (AES-256-GCM, key derived from the server secret) and as masks for display;
 * `id_number_index` is an HMAC of the number, so one identity registers once per operator
 * without the number being readable.
 */
export const investorProfiles = pgTable(
  "investor_profiles",
  {
    userId: uuid("user_id")
      .primaryKey()
      .references(() => users.id),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    legalName: text("legal_name").notNull(),
    idNumberEncrypted: bytes("id_number_encrypted").notNull(),
    idNumberIndex: bytes("id_number_index").notNull(),
    idNumberMasked: text("id_number_masked").notNull(),
    bankCode: text("bank_code").notNull(),
    bankCardEncrypted: bytes("bank_card_encrypted").notNull(),
    bankCardMasked: text("bank_card_masked").notNull(),
    verifiedAt: timestamp("verified_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("investor_profiles_operator_id_number_key").on(t.operatorId, t.idNumberIndex),
    check("investor_profiles_name_length", sql`length(btrim(${t.legalName})) between 2 and 40`),
  ],
);

/** Consent to a version of an investor agreement; append-only, one row per agreement version accepted. */
export const agreementConsents = pgTable(
  "agreement_consents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    agreementCode: text("agreement_code").notNull(),
    agreementVersion: text("agreement_version").notNull(),
    /** SHA-256 of the agreement text shown, so the wording agreed to can be proven later. */
    textHash: text("text_hash").notNull(),
    clientIp: text("client_ip"),
    consentedAt: timestamp("consented_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("agreement_consents_user_version_key").on(t.userId, t.agreementCode, t.agreementVersion)],
);

export const riskGradeEnum = pgEnum("risk_grade", RISK_GRADES);

/** A completed risk questionnaire; the newest unexpired one decides what the investor may fund. */
export const riskAssessments = pgTable(
  "risk_assessments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    questionnaireVersion: text("questionnaire_version").notNull(),
    answers: jsonb("answers").notNull(),
    score: integer("score").notNull(),
    grade: riskGradeEnum("grade").notNull(),
    assessedAt: timestamp("assessed_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("risk_assessments_user_idx").on(t.userId, t.assessedAt), check("risk_assessments_expiry", sql`${t.expiresAt} > ${t.assessedAt}`)],
);

export const cardTopUpStatusEnum = pgEnum("card_top_up_status", CARD_TOP_UP_STATUSES);

/**
 * A card top-up through Stripe Checkout (a PaymentIntent in CNY). The wallet is credited
 * only when a verified webhook says the payment succeeded (entry `card-top-up:<id>`).
 */
export const cardTopUps = pgTable(
  "card_top_ups",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    amount: money("amount").notNull(),
    status: cardTopUpStatusEnum("status").notNull().default("open"),
    /** From the form, so a repeated submit opens one checkout. */
    idempotencyKey: text("idempotency_key").notNull(),
    checkoutSessionId: text("checkout_session_id").unique("card_top_ups_checkout_session_key"),
    checkoutUrl: text("checkout_url"),
    paymentIntentId: text("payment_intent_id").unique("card_top_ups_payment_intent_key"),
    creditEntryId: uuid("credit_entry_id").references(() => ledgerEntries.id),
    refundedAmount: money("refunded_amount").notNull().default("0"),
    failureMessage: text("failure_message"),
    /**
     * A borrower's card repayment: the loan and what to pay (`installment` or `payoff`). When the
     * signed webhook says paid, the money is credited to their wallet and applied to the loan in
     * the same transaction (services/repayment/apply-card-repayment.ts); `repayment_id` is the result.
     */
    loanId: uuid("loan_id").references(() => loans.id),
    repaymentKind: text("repayment_kind").$type<"installment" | "payoff">(),
    repaymentId: uuid("repayment_id"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("card_top_ups_operator_key_key").on(t.operatorId, t.idempotencyKey),
    check("card_top_ups_repayment_kind", sql`(${t.loanId} is null and ${t.repaymentKind} is null) or (${t.loanId} is not null and ${t.repaymentKind} in ('installment', 'payoff'))`),
    index("card_top_ups_user_idx").on(t.userId, t.createdAt),
    check("card_top_ups_amount_positive", sql`${t.amount} > 0`),
    check("card_top_ups_refund_within_amount", sql`${t.refundedAmount} >= 0 and ${t.refundedAmount} <= ${t.amount}`),
  ],
);

/** Every Stripe event id we have processed: a redelivered event changes nothing. */
export const stripeEvents = pgTable("stripe_events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  operatorId: uuid("operator_id").references(() => operators.id),
  /** What processing did: credited, failed, refunded, ignored, ... */
  outcome: text("outcome").notNull(),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Cash taken at a store counter for an investor's wallet (Dr clearing:store:<store> / Cr wallet:available). */
export const storeCashTopUps = pgTable(
  "store_cash_top_ups",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    storeId: uuid("store_id")
      .notNull()
      .references(() => stores.id),
    clerkUserId: uuid("clerk_user_id")
      .notNull()
      .references(() => users.id),
    investorUserId: uuid("investor_user_id")
      .notNull()
      .references(() => users.id),
    amount: money("amount").notNull(),
    /** The number on the store's paper receipt book. */
    receiptNo: text("receipt_no").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    entryId: uuid("entry_id")
      .notNull()
      .references(() => ledgerEntries.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("store_cash_top_ups_operator_key_key").on(t.operatorId, t.idempotencyKey),
    uniqueIndex("store_cash_top_ups_store_receipt_key").on(t.storeId, t.receiptNo),
    index("store_cash_top_ups_investor_idx").on(t.investorUserId, t.createdAt),
    check("store_cash_top_ups_amount_positive", sql`${t.amount} > 0`),
  ],
);

export const withdrawalStatusEnum = pgEnum("withdrawal_status", WITHDRAWAL_STATUSES);

/**
 * A withdrawal to the investor's registered card: a hold on wallet:available while it
 * waits; finance approves (a bank payout instruction, `payouts`; the hold stays) or rejects
 * with a reason (hold voided). Paid only when the bank's result says so (hold posted, payout
 * entry booked); a failed payout voids the hold (docs/decisions/2026-12-03-payouts-confirmed-by-bank.md).
 */
export const withdrawals = pgTable(
  "withdrawals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    amount: money("amount").notNull(),
    status: withdrawalStatusEnum("status").notNull().default("requested"),
    holdId: uuid("hold_id")
      .notNull()
      .unique("withdrawals_hold_key")
      .references(() => ledgerHolds.id),
    bankCode: text("bank_code").notNull(),
    bankCardMasked: text("bank_card_masked").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
    decidedByUserId: uuid("decided_by_user_id").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    rejectReason: text("reject_reason"),
    payoutAdapter: text("payout_adapter"),
    payoutReference: text("payout_reference"),
    payoutEntryId: uuid("payout_entry_id").references(() => ledgerEntries.id),
  },
  (t) => [
    uniqueIndex("withdrawals_operator_key_key").on(t.operatorId, t.idempotencyKey),
    index("withdrawals_user_idx").on(t.userId, t.requestedAt),
    index("withdrawals_operator_status_idx").on(t.operatorId, t.status, t.requestedAt),
    check("withdrawals_amount_positive", sql`${t.amount} > 0`),
    check(
      "withdrawals_status_consistent",
      // Compared as text: the statuses added by migration 0010 cannot be used as enum values in the migration that adds them.
      sql`(${t.status}::text = 'requested' and ${t.decidedAt} is null and ${t.payoutEntryId} is null)
        or (${t.status}::text in ('processing', 'failed') and ${t.decidedAt} is not null and ${t.payoutEntryId} is null)
        or (${t.status}::text = 'paid' and ${t.decidedAt} is not null and ${t.payoutEntryId} is not null and ${t.payoutReference} is not null)
        or (${t.status}::text = 'rejected' and ${t.decidedAt} is not null and ${t.payoutEntryId} is null and length(btrim(coalesce(${t.rejectReason}, ''))) >= 2)`,
    ),
    check("withdrawals_not_own", sql`${t.decidedByUserId} is null or ${t.decidedByUserId} <> ${t.userId}`),
  ],
);

export const payoutKindEnum = pgEnum("payout_kind", PAYOUT_KINDS);
export const payoutStatusEnum = pgEnum("payout_status", PAYOUT_STATUSES);

/**
 * A payout instruction to the custody bank (services/payouts): a withdrawal to an investor's
 * card, or a loan's disbursement to the borrower's passbook or a supplier. One state machine:
 * approving → approved → instructed → paid | failed (cancelled: refused before the second
 * approval). The instruction file is kept as sent (re-sent under the same name, which the bank
 * treats as the same instruction); `paid`/`failed` only from the bank's result file. A loan has
 * at most one live attempt; a failed one can be followed by a new attempt (new id, new file).
 */
export const payouts = pgTable(
  "payouts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    kind: payoutKindEnum("kind").notNull(),
    withdrawalId: uuid("withdrawal_id").references(() => withdrawals.id),
    loanId: uuid("loan_id").references(() => loans.id),
    attempt: integer("attempt").notNull().default(1),
    /** Whose money or loan it is (the investor, the borrower): never an approver. */
    beneficiaryUserId: uuid("beneficiary_user_id")
      .notNull()
      .references(() => users.id),
    amount: money("amount").notNull(),
    /** The payee as pages show it: bank (code or name), masked account, account name. */
    payeeBank: text("payee_bank").notNull(),
    payeeAccountMasked: text("payee_account_masked").notNull(),
    payeeName: text("payee_name").notNull(),
    status: payoutStatusEnum("status").notNull(),
    approvalsRequired: integer("approvals_required").notNull(),
    firstApprovedBy: uuid("first_approved_by")
      .notNull()
      .references(() => users.id),
    firstApprovedAt: timestamp("first_approved_at", { withTimezone: true }).notNull(),
    secondApprovedBy: uuid("second_approved_by").references(() => users.id),
    secondApprovedAt: timestamp("second_approved_at", { withTimezone: true }),
    /** The instruction file, as sent (and re-sent) to the bank; written at the deciding approval. */
    instructionFile: text("instruction_file"),
    instructionCsv: text("instruction_csv"),
    instructedAt: timestamp("instructed_at", { withTimezone: true }),
    /** The last failed attempt to deliver the instruction (timeout, bank unreachable). */
    sendError: text("send_error"),
    sendAttempts: integer("send_attempts").notNull().default(0),
    /** From the bank's result file. */
    bankStatus: text("bank_status"),
    bankMessage: text("bank_message"),
    bankReference: text("bank_reference"),
    settledOn: text("settled_on"),
    resultFile: text("result_file"),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("payouts_withdrawal_key").on(t.withdrawalId),
    uniqueIndex("payouts_loan_attempt_key").on(t.loanId, t.attempt),
    uniqueIndex("payouts_loan_live_key").on(t.loanId).where(sql`${t.loanId} is not null and ${t.status} not in ('failed', 'cancelled')`),
    index("payouts_operator_status_idx").on(t.operatorId, t.status, t.createdAt),
    check("payouts_amount_positive", sql`${t.amount} > 0`),
    check(
      "payouts_kind_subject",
      sql`(${t.kind} = 'withdrawal' and ${t.withdrawalId} is not null and ${t.loanId} is null) or (${t.kind} = 'disbursement' and ${t.loanId} is not null and ${t.withdrawalId} is null)`,
    ),
    check("payouts_approvals_required", sql`${t.approvalsRequired} in (1, 2)`),
    check(
      "payouts_approvers",
      sql`${t.firstApprovedBy} <> ${t.beneficiaryUserId} and (${t.secondApprovedBy} is null or (${t.secondApprovedBy} <> ${t.firstApprovedBy} and ${t.secondApprovedBy} <> ${t.beneficiaryUserId}))`,
    ),
    check(
      "payouts_status_consistent",
      sql`(${t.status} in ('approving', 'cancelled') and ${t.approvalsRequired} = 2 and ${t.secondApprovedBy} is null and ${t.instructionFile} is null)
        or (${t.status} in ('approved', 'instructed', 'paid', 'failed') and ${t.instructionFile} is not null and ${t.instructionCsv} is not null
            and (${t.approvalsRequired} = 1 or ${t.secondApprovedBy} is not null)
            and (${t.status} not in ('paid', 'failed') or (${t.bankStatus} is not null and ${t.settledOn} is not null and ${t.resolvedAt} is not null)))`,
    ),
  ],
);

// ---------------------------------------------------------------------------
// Repayment (issue 7): channels, applied repayments, due processing, collections,
// settlement certificates. Money moves only through the ledger
// (docs/decisions/2026-11-21-repayment.md); these tables record the business side.
// ---------------------------------------------------------------------------

/** Where a repayment's money came from; `wallet`: the borrower's wallet (an earlier overpayment being used, or the borrower repaying online from the loan page, reference `online:<key>`). */
export const repaymentSourceEnum = pgEnum("repayment_source", ["passbook_debit", "store_cash", "phone_bill", "wallet"]);

/**
 * Per-operator repayment rules. No row = the defaults in services/repayment/settings.ts.
 * `allocation_order` is a permutation of penalty, interest, principal.
 */
export const repaymentSettings = pgTable("repayment_settings", {
  operatorId: uuid("operator_id")
    .primaryKey()
    .references(() => operators.id),
  allocationOrder: jsonb("allocation_order").notNull(),
  penaltyToPlatform: boolean("penalty_to_platform").notNull(),
  reminderDaysBefore: jsonb("reminder_days_before").notNull(),
  passbookRetryDaysAfterDue: jsonb("passbook_retry_days_after_due").notNull(),
  contactHourStart: integer("contact_hour_start").notNull(),
  contactHourEnd: integer("contact_hour_end").notNull(),
  contactsPerBorrowerPerDay: integer("contacts_per_borrower_per_day").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One repayment applied to a loan, whichever channel brought it; unique per channel
 * reference, so an event arriving twice is applied once. Stores the allocation, the
 * investors' weights and the ledger entries it posted.
 */
export const repayments = pgTable(
  "repayments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    loanId: uuid("loan_id")
      .notNull()
      .references(() => loans.id),
    source: repaymentSourceEnum("source").notNull(),
    /** The channel's reference: debit instruction, receipt number, deduction request id. */
    reference: text("reference").notNull(),
    /** `installment` (what is due) or `payoff` (early full settlement). */
    kind: text("kind").notNull(),
    amount: money("amount").notNull(),
    penalty: money("penalty").notNull(),
    interest: money("interest").notNull(),
    principal: money("principal").notNull(),
    /** Kept in the borrower's wallet for the next installment. */
    overpayment: money("overpayment").notNull(),
    serviceFee: money("service_fee").notNull(),
    platformPenalty: money("platform_penalty").notNull(),
    /** Each investor's outstanding principal just before this repayment (the split's weights). */
    weights: jsonb("weights").notNull(),
    /** What each installment received: [{ n, principal, interest, penalty }]. */
    installmentParts: jsonb("installment_parts").notNull(),
    entryIds: jsonb("entry_ids").notNull(),
    storeId: uuid("store_id").references(() => stores.id),
    receivedByUserId: uuid("received_by_user_id").references(() => users.id),
    /** When the money moved (the channel's time), which may be before we learn of it. */
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("repayments_source_reference_key").on(t.operatorId, t.source, t.reference),
    index("repayments_loan_idx").on(t.loanId, t.receivedAt),
    index("repayments_store_idx").on(t.storeId, t.receivedAt),
    check("repayments_kind", sql`${t.kind} in ('installment', 'payoff')`),
    check(
      "repayments_allocation_sums",
      sql`${t.amount} > 0 and ${t.amount} = ${t.penalty} + ${t.interest} + ${t.principal} + ${t.overpayment}
        and ${t.penalty} >= 0 and ${t.interest} >= 0 and ${t.principal} >= 0 and ${t.overpayment} >= 0
        and ${t.serviceFee} between 0 and ${t.interest} and ${t.platformPenalty} between 0 and ${t.penalty}`,
    ),
  ],
);

/** How late a loan is, kept current by due processing and by each repayment. */
export const loanDelinquency = pgTable(
  "loan_delinquency",
  {
    loanId: uuid("loan_id")
      .primaryKey()
      .references(() => loans.id),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    /** Due date of the oldest installment not fully paid, when it is past. */
    overdueSince: text("overdue_since"),
    daysPastDue: integer("days_past_due").notNull().default(0),
    /** `current`, `1-30`, `31-60`, `61-90`, `90+`. */
    bucket: text("bucket").notNull().default("current"),
    overduePrincipal: money("overdue_principal").notNull().default("0"),
    overdueTotal: money("overdue_total").notNull().default("0"),
    asOf: text("as_of").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("loan_delinquency_operator_bucket_idx").on(t.operatorId, t.bucket),
    check("loan_delinquency_bucket", sql`${t.bucket} in ('current', '1-30', '31-60', '61-90', '90+')`),
  ],
);

export const dueRunStatusEnum = pgEnum("due_run_status", DUE_RUN_STATUSES);

/**
 * One day's due processing for one operator. Each step records how far it got, so a
 * run killed half-way resumes where it stopped; per-loan work is itself idempotent.
 */
export const dueRuns = pgTable(
  "due_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    runDate: text("run_date").notNull(),
    status: dueRunStatusEnum("status").notNull().default("running"),
    step: text("step").notNull(),
    /** { step: { done, total } } for the progress display. */
    progress: jsonb("progress").notNull(),
    attempts: integer("attempts").notNull().default(1),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("due_runs_operator_date_key").on(t.operatorId, t.runDate)],
);

/** Side effects of due processing that must happen once (reminder SMS, …): the unique key is the guard. */
export const dueActions = pgTable(
  "due_actions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    kind: text("kind").notNull(),
    reference: text("reference").notNull(),
    runDate: text("run_date").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("due_actions_kind_reference_key").on(t.operatorId, t.kind, t.reference)],
);

export const debitInstructionStatusEnum = pgEnum("debit_instruction_status", [
  "sent",
  "succeeded",
  "insufficient_funds",
  "account_closed",
]);

/** A passbook debit file sent to the bank, as sent (the bytes are kept for audit and resend). */
export const passbookDebitBatches = pgTable(
  "passbook_debit_batches",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    batchDate: text("batch_date").notNull(),
    batchNo: integer("batch_no").notNull(),
    fileName: text("file_name").notNull(),
    fileCsv: text("file_csv").notNull(),
    instructionCount: integer("instruction_count").notNull(),
    totalAmount: money("total_amount").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("passbook_debit_batches_operator_date_no_key").on(t.operatorId, t.batchDate, t.batchNo)],
);

/** One debit instruction (one line of a batch) and the bank's answer to it. */
export const passbookDebitInstructions = pgTable(
  "passbook_debit_instructions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    batchId: uuid("batch_id")
      .notNull()
      .references(() => passbookDebitBatches.id),
    reference: text("reference").notNull(),
    loanId: uuid("loan_id")
      .notNull()
      .references(() => loans.id),
    /** The installment it was raised for (retries of the same installment get new references). */
    installmentN: integer("installment_n").notNull(),
    amount: money("amount").notNull(),
    attempt: integer("attempt").notNull(),
    status: debitInstructionStatusEnum("status").notNull().default("sent"),
    debitedAmount: money("debited_amount"),
    settledOn: text("settled_on"),
    bankMessage: text("bank_message"),
    repaymentId: uuid("repayment_id").references(() => repayments.id),
    /** 主动还款: the borrower who asked for this debit now (null: raised by due processing). */
    requestedBy: uuid("requested_by").references(() => users.id),
    /** The borrower's form idempotency key (replays answer with this instruction). */
    borrowerKey: text("borrower_key"),
    createdAt: createdAt(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("passbook_debit_instructions_reference_key").on(t.operatorId, t.reference),
    uniqueIndex("passbook_debit_instructions_borrower_key_key").on(t.operatorId, t.borrowerKey),
    index("passbook_debit_instructions_loan_idx").on(t.loanId, t.installmentN),
    check("passbook_debit_instructions_amount_positive", sql`${t.amount} > 0`),
  ],
);

export const phonebillDeductionStatusEnum = pgEnum("phonebill_deduction_status", ["requested", "confirmed", "refused"]);

/**
 * A deduction request to the operator's billing. Confirmed (possibly for less than
 * asked) or refused asynchronously; the confirmed amount is owed to us by the operator
 * (`clearing:phonebill`) until its settlement is paid.
 */
export const phonebillDeductions = pgTable(
  "phonebill_deductions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    requestId: text("request_id").notNull(),
    loanId: uuid("loan_id")
      .notNull()
      .references(() => loans.id),
    installmentN: integer("installment_n").notNull(),
    phone: text("phone").notNull(),
    requestedAmount: money("requested_amount").notNull(),
    status: phonebillDeductionStatusEnum("status").notNull().default("requested"),
    deductedAmount: money("deducted_amount"),
    refusalReason: text("refusal_reason"),
    repaymentId: uuid("repayment_id").references(() => repayments.id),
    /** The operator's settlement that paid it to custody (reconciliation). */
    settlementId: text("settlement_id"),
    /** 主动还款: the borrower who asked for this deduction now (null: raised by due processing). */
    requestedBy: uuid("requested_by").references(() => users.id),
    /** The borrower's form idempotency key (replays answer with this request). */
    borrowerKey: text("borrower_key"),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("phonebill_deductions_request_key").on(t.operatorId, t.requestId),
    uniqueIndex("phonebill_deductions_borrower_key_key").on(t.operatorId, t.borrowerKey),
    index("phonebill_deductions_loan_idx").on(t.loanId, t.installmentN),
    index("phonebill_deductions_status_idx").on(t.operatorId, t.status),
    check("phonebill_deductions_amounts", sql`${t.requestedAmount} > 0 and (${t.deductedAmount} is null or ${t.deductedAmount} between 0 and ${t.requestedAmount})`),
  ],
);

/**
 * A store's daily cash-up (日结): the clerk closes the business day; the cash taken
 * (repayments and top-ups) is handed to custody (Dr custody:bank / Cr clearing:store).
 */
export const storeCashUps = pgTable(
  "store_cash_ups",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    storeId: uuid("store_id")
      .notNull()
      .references(() => stores.id),
    businessDate: text("business_date").notNull(),
    repaymentCount: integer("repayment_count").notNull(),
    repaymentTotal: money("repayment_total").notNull(),
    topUpCount: integer("top_up_count").notNull(),
    topUpTotal: money("top_up_total").notNull(),
    entryId: uuid("entry_id").references(() => ledgerEntries.id),
    closedByUserId: uuid("closed_by_user_id")
      .notNull()
      .references(() => users.id),
    closedAt: timestamp("closed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("store_cash_ups_store_date_key").on(t.storeId, t.businessDate)],
);

export const collectionCaseStatusEnum = pgEnum("collection_case_status", COLLECTION_CASE_STATUSES);

/** An overdue loan being worked by a collector (智能催收); at most one open case per loan. */
export const collectionCases = pgTable(
  "collection_cases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    loanId: uuid("loan_id")
      .notNull()
      .references(() => loans.id),
    borrowerUserId: uuid("borrower_user_id")
      .notNull()
      .references(() => users.id),
    status: collectionCaseStatusEnum("status").notNull().default("open"),
    bucket: text("bucket").notNull(),
    assignedToUserId: uuid("assigned_to_user_id").references(() => users.id),
    assignedAt: timestamp("assigned_at", { withTimezone: true }),
    overdueAtOpen: money("overdue_at_open").notNull(),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    closedReason: text("closed_reason"),
  },
  (t) => [
    uniqueIndex("collection_cases_one_open_per_loan").on(t.loanId).where(sql`${t.status} = 'open'`),
    index("collection_cases_assignee_idx").on(t.assignedToUserId, t.status),
    index("collection_cases_operator_idx").on(t.operatorId, t.status, t.bucket),
  ],
);

/** What a collector did on a case: notes, contact attempts, promises to pay. Never edited. */
export const collectionActivities = pgTable(
  "collection_activities",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    caseId: uuid("case_id")
      .notNull()
      .references(() => collectionCases.id),
    /** `note`, `contact`, `promise`. */
    kind: text("kind").notNull(),
    /** For contacts: `phone`, `sms`, `visit`. */
    contactChannel: text("contact_channel"),
    /** For contacts: `reached`, `no_answer`, `wrong_number`, `refused`. */
    contactOutcome: text("contact_outcome"),
    note: text("note"),
    promiseAmount: money("promise_amount"),
    promiseDate: text("promise_date"),
    byUserId: uuid("by_user_id")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("collection_activities_case_idx").on(t.caseId, t.createdAt),
    check("collection_activities_kind", sql`${t.kind} in ('note', 'contact', 'promise')`),
    check("collection_activities_promise", sql`${t.kind} <> 'promise' or (${t.promiseAmount} > 0 and ${t.promiseDate} is not null)`),
  ],
);

/**
 * A collection team of an operator (催收团队) and the days-past-due range it works:
 * from `min_days` to `max_days` inclusive, `max_days` null = and onward. The operator's
 * ranges do not overlap and cover 1 day onward (checked by services/collections/team-ranges.ts).
 */
export const collectionTeams = pgTable(
  "collection_teams",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    code: text("code").notNull(),
    nameZh: text("name_zh").notNull(),
    nameEn: text("name_en").notNull(),
    minDays: integer("min_days").notNull(),
    maxDays: integer("max_days"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("collection_teams_operator_code_key").on(t.operatorId, t.code),
    check("collection_teams_range", sql`${t.minDays} >= 1 and (${t.maxDays} is null or ${t.maxDays} >= ${t.minDays})`),
  ],
);

/** A collector's membership of a team; removing a member deletes the row (the audit log keeps the history). */
export const collectionTeamMembers = pgTable(
  "collection_team_members",
  {
    teamId: uuid("team_id")
      .notNull()
      .references(() => collectionTeams.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    addedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index("collection_team_members_user_idx").on(t.userId)],
);

/** The settlement certificate (结清证明) of a paid-off loan: its number is fixed once issued. */
export const settlementCertificates = pgTable("settlement_certificates", {
  loanId: uuid("loan_id")
    .primaryKey()
    .references(() => loans.id),
  operatorId: uuid("operator_id")
    .notNull()
    .references(() => operators.id),
  certificateNo: text("certificate_no").notNull().unique("settlement_certificates_no_key"),
  totalPrincipal: money("total_principal").notNull(),
  totalInterest: money("total_interest").notNull(),
  totalPenalty: money("total_penalty").notNull(),
  settledOn: text("settled_on").notNull(),
  issuedAt: timestamp("issued_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The sandbox bank's passbooks (demo only): the sandbox bank answers debit batches from
 * these balances. A real bank keeps its own; nothing of ours reads this outside the sandbox.
 */
export const sandboxBankPassbooks = pgTable(
  "sandbox_bank_passbooks",
  {
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    accountNo: text("account_no").notNull(),
    balance: money("balance").notNull(),
    closed: boolean("closed").notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.operatorId, t.accountNo] })],
);

// ---------------------------------------------------------------------------
// Reconciliation (issue 8): statements imported from the outside parties, the
// results of matching them against our books per (channel, day), the append-only
// resolutions of breaks and the day's sign-off. A channel is named by its statement
// source (stripe_balance, custody_statement, passbook_result, phonebill_settlement,
// store_cash). docs/decisions/2026-11-21-reconciliation.md gives the reasoning.
// ---------------------------------------------------------------------------

const statementSourceCheck = (column: AnyPgColumn) =>
  sql`${column} in ('stripe_balance', 'custody_statement', 'passbook_result', 'phonebill_settlement', 'store_cash')`;

/** One file as imported; the same bytes for the same source are imported once (the second upload returns this row). */
export const statementImports = pgTable(
  "statement_imports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    source: text("source").notNull(),
    fileName: text("file_name").notNull(),
    /** Hex SHA-256 of the file's bytes. */
    fileSha256: text("file_sha256").notNull(),
    /** The file as received, so matching re-reads it with the same pure parser. */
    fileBytes: bytes("file_bytes").notNull(),
    importedByUserId: uuid("imported_by_user_id").references(() => users.id),
    importedBySystem: text("imported_by_system"),
    importedAt: createdAt(),
    lineCount: integer("line_count").notNull(),
    /** Sum of the lines' signed amounts as the channel reports them (gross). */
    totalAmount: money("total_amount").notNull(),
    totalFee: money("total_fee").notNull(),
    firstDate: text("first_date"),
    lastDate: text("last_date"),
  },
  (t) => [
    uniqueIndex("statement_imports_operator_source_hash_key").on(t.operatorId, t.source, t.fileSha256),
    index("statement_imports_operator_imported_idx").on(t.operatorId, t.importedAt),
    check("statement_imports_source", statementSourceCheck(t.source)),
    check("statement_imports_hash_format", sql`${t.fileSha256} ~ '^[0-9a-f]{64}$'`),
    check("statement_imports_by_one", sql`(${t.importedByUserId} is null) <> (${t.importedBySystem} is null)`),
  ],
);

/** Every line of an imported file, as written and as read. Never edited. */
export const statementLines = pgTable(
  "statement_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    importId: uuid("import_id")
      .notNull()
      .references(() => statementImports.id),
    source: text("source").notNull(),
    /** 1-based line in the file (the header is line 1). */
    lineNo: integer("line_no").notNull(),
    raw: text("raw").notNull(),
    reference: text("reference"),
    /** Signed as the money moved for the channel (custody DR negative). */
    amount: money("amount").notNull(),
    fee: money("fee"),
    date: text("date").notNull(),
    kind: text("kind").notNull(),
    /** The payout or settlement the line belongs to (phone-bill settlement id). */
    groupKey: text("group_key"),
  },
  (t) => [
    uniqueIndex("statement_lines_import_line_key").on(t.importId, t.lineNo),
    index("statement_lines_operator_source_date_idx").on(t.operatorId, t.source, t.date),
    index("statement_lines_reference_idx").on(t.operatorId, t.reference),
    check("statement_lines_source", statementSourceCheck(t.source)),
  ],
);

/**
 * The outcome of matching one channel's day, one row per result; recomputed by each
 * run (derived data). `breakKey` names a result stably across runs so resolutions,
 * which are append-only, keep pointing at it.
 */
export const reconciliationResults = pgTable(
  "reconciliation_results",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    channel: text("channel").notNull(),
    date: text("date").notNull(),
    breakKey: text("break_key").notNull(),
    status: text("status").notNull(),
    tier: text("tier"),
    /** `<importId>:<line>` of their lines. */
    theirLineIds: jsonb("their_line_ids").notNull(),
    /** Our items: `repayment:<id>`, `card:<id>`, `cash-top-up:<id>`, ... */
    ourItemIds: jsonb("our_item_ids").notNull(),
    /** Their amount (gross) when they have a line, else ours. */
    amount: money("amount").notNull(),
    /** Theirs minus ours. */
    difference: money("difference").notNull(),
    fee: money("fee").notNull(),
    feeEntryId: uuid("fee_entry_id").references(() => ledgerEntries.id),
    ageDays: integer("age_days").notNull(),
    /** Details for people: references, labels, missing references. */
    details: jsonb("details").notNull(),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("reconciliation_results_day_key").on(t.operatorId, t.channel, t.date, t.breakKey),
    index("reconciliation_results_operator_date_idx").on(t.operatorId, t.date),
    check("reconciliation_results_channel", statementSourceCheck(t.channel)),
    check(
      "reconciliation_results_status",
      sql`${t.status} in ('matched', 'missing_in_ours', 'missing_in_theirs', 'amount_differs', 'duplicate', 'ambiguous')`,
    ),
  ],
);

/**
 * How finance explained a break: a manual link (their line to our item), an adjustment
 * proposed through the maker-checker (resolved once approved), or a timing difference.
 * Append-only (a trigger refuses update and delete).
 */
export const breakResolutions = pgTable(
  "break_resolutions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    channel: text("channel").notNull(),
    date: text("date").notNull(),
    breakKey: text("break_key").notNull(),
    kind: text("kind").notNull(),
    note: text("note").notNull(),
    theirLineId: text("their_line_id"),
    ourItemId: text("our_item_id"),
    adjustmentId: uuid("adjustment_id").references(() => ledgerAdjustments.id),
    expectedDate: text("expected_date"),
    createdByUserId: uuid("created_by_user_id")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("break_resolutions_day_idx").on(t.operatorId, t.channel, t.date),
    check("break_resolutions_channel", statementSourceCheck(t.channel)),
    check("break_resolutions_kind", sql`${t.kind} in ('link', 'adjustment', 'timing')`),
    check("break_resolutions_note_length", sql`length(btrim(${t.note})) between 2 and 500`),
    check(
      "break_resolutions_kind_fields",
      sql`(${t.kind} = 'link' and ${t.theirLineId} is not null and ${t.ourItemId} is not null)
        or (${t.kind} = 'adjustment' and ${t.adjustmentId} is not null)
        or (${t.kind} = 'timing' and ${t.expectedDate} is not null)`,
    ),
  ],
);

/** A channel's day signed off by finance: nothing open, clearing account where it should be. */
export const reconciliationSignOffs = pgTable(
  "reconciliation_sign_offs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id),
    channel: text("channel").notNull(),
    date: text("date").notNull(),
    signedByUserId: uuid("signed_by_user_id")
      .notNull()
      .references(() => users.id),
    signedAt: createdAt(),
    expectedBalance: money("expected_balance").notNull(),
    actualBalance: money("actual_balance").notNull(),
    matchedCount: integer("matched_count").notNull(),
    resolvedCount: integer("resolved_count").notNull(),
  },
  (t) => [
    uniqueIndex("reconciliation_sign_offs_day_key").on(t.operatorId, t.channel, t.date),
    check("reconciliation_sign_offs_channel", statementSourceCheck(t.channel)),
    check("reconciliation_sign_offs_balanced", sql`${t.expectedBalance} = ${t.actualBalance}`),
  ],
);
