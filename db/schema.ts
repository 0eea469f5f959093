import { sql } from "drizzle-orm";
import {
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

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
