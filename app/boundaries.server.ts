import { SMS_KINDS, type SmsKind } from "../services/sms/sms-kinds";

/**
 * The outside parties the portal talks to and the settings each needs in production. Outside
 * production a missing one means "use the sandbox"; in production it means "refuse to start":
 * a sandbox there would invent money (billing "confirming" deductions nobody collected) or
 * swallow messages. One error names every missing variable at once.
 */
export interface BoundarySettings {
  sms: { accessKeyId: string; accessKeySecret: string; signName: string; endpoint: string; templates: Record<SmsKind, string> } | null;
  bank: { dropDir: string } | null;
  /** Per operator slug: its API gateway for phone-bill billing and subscriber data. */
  operatorApis: Record<string, { baseUrl: string; keyId: string; secret: string }>;
  missing: string[];
}

type Env = Readonly<Record<string, string | undefined>>;

const ALIYUN_SMS_ENDPOINT = "dysmsapi.aliyuncs.com";

/** `login_code=SMS_1,signing_code=SMS_2,…` → the codes by kind, and the kinds without one. */
function parseTemplates(value: string | undefined): { templates: Partial<Record<SmsKind, string>>; absent: SmsKind[] } {
  const templates: Partial<Record<SmsKind, string>> = {};
  for (const pair of (value ?? "").split(",")) {
    const [kind, code] = pair.split("=").map((s) => s.trim());
    if (kind && code && (SMS_KINDS as readonly string[]).includes(kind)) templates[kind as SmsKind] = code;
  }
  return { templates, absent: SMS_KINDS.filter((k) => !templates[k]) };
}

function readSms(env: Env, missing: string[]): BoundarySettings["sms"] {
  const names = ["ALIYUN_SMS_ACCESS_KEY_ID", "ALIYUN_SMS_ACCESS_KEY_SECRET", "ALIYUN_SMS_SIGN_NAME"] as const;
  const absent: string[] = names.filter((n) => !env[n]);
  const { templates, absent: kinds } = parseTemplates(env.ALIYUN_SMS_TEMPLATES);
  if (kinds.length > 0) absent.push(`ALIYUN_SMS_TEMPLATES (${kinds.join(", ")})`);
  if (absent.length > 0) {
    missing.push(...absent);
    return null;
  }
  return {
    accessKeyId: env.ALIYUN_SMS_ACCESS_KEY_ID!,
    accessKeySecret: env.ALIYUN_SMS_ACCESS_KEY_SECRET!,
    signName: env.ALIYUN_SMS_SIGN_NAME!,
    endpoint: env.ALIYUN_SMS_ENDPOINT || ALIYUN_SMS_ENDPOINT,
    templates: templates as Record<SmsKind, string>,
  };
}

function envSlug(slug: string): string {
  return slug.toUpperCase().replace(/[^A-Z0-9]/g, "_");
}

/**
 * Reads every boundary's settings. `operatorSlugs` null: the database is not open yet, so the
 * operators' API settings are only announced (checked again once their slugs are known).
 */
export function readBoundarySettings(env: Env, operatorSlugs: readonly string[] | null): BoundarySettings {
  const missing: string[] = [];
  if (!env.APP_SECRET) missing.push("APP_SECRET");
  if (!env.DATABASE_URL) missing.push("DATABASE_URL (production runs on PostgreSQL, not the embedded database)");
  const sms = readSms(env, missing);
  const bank = env.BANK_DROP_DIR ? { dropDir: env.BANK_DROP_DIR } : (missing.push("BANK_DROP_DIR"), null);
  const operatorApis: BoundarySettings["operatorApis"] = {};
  if (operatorSlugs === null) missing.push("OPERATOR_API_<SLUG>_URL, _KEY_ID, _SECRET for each operator (checked once the database opens)");
  for (const slug of operatorSlugs ?? []) {
    const prefix = `OPERATOR_API_${envSlug(slug)}_`;
    const [baseUrl, keyId, secret] = ["URL", "KEY_ID", "SECRET"].map((s) => env[prefix + s]);
    const absent = ["URL", "KEY_ID", "SECRET"].filter((s) => !env[prefix + s]).map((s) => prefix + s);
    if (baseUrl && !/^https:\/\//.test(baseUrl)) absent.push(`${prefix}URL (must be https://)`);
    if (absent.length > 0) missing.push(...absent);
    else operatorApis[slug] = { baseUrl: baseUrl!, keyId: keyId!, secret: secret! };
  }
  return { sms, bank, operatorApis, missing };
}

/** The one message a production start fails with, naming each missing setting. */
export function productionBoundaryError(settings: BoundarySettings): Error | null {
  if (settings.missing.length === 0) return null;
  return new Error(
    "APP_ENV=production refuses to start with a sandbox at any boundary. Set these environment variables " +
      "(SMS gateway, custody bank drop, each operator's billing and subscriber-data API):\n  " +
      settings.missing.join("\n  "),
  );
}
