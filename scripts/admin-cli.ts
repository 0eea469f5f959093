/**
 * What the onboarding commands share: argument checks, the configured database, and one
 * clear line for each refusal (exit 1), so a bad flag never leaves half an operator behind.
 */
import { DomainError } from "../services/shared/errors";
import { openConfiguredDatabase, parseArgs } from "./progress-bar";

const MESSAGES: Record<string, string> = {
  "operator.invalid_slug": "--slug must be 2–30 characters: lower-case letters, digits and dashes, starting with a letter (运营商标识格式不正确)",
  "operator.invalid_name": "the name is empty, too long, or in the wrong script (--name-zh needs Chinese, --name-en plain English) (名称不正确)",
  "operator.invalid_colour": "--brand-primary must be a colour like #d7000f (品牌色格式不正确)",
  "operator.slug_taken": "an operator with this slug exists under other names; change names in the admin console (该标识已被其他运营商使用)",
  "operator.not_found": "no operator with this slug; add it first with npm run -s operator:add (运营商不存在)",
  "phone.invalid": "--phone must be a mainland mobile number of 11 digits (手机号格式不正确)",
  "staff.unknown_role": "--role must be one of: store_clerk, risk_officer, finance, collector, admin (角色不存在)",
  "auth.password_too_weak": "--password needs at least 8 characters with letters and digits (密码强度不足)",
};

export class UsageError extends Error {}

export function required(args: Map<string, string>, name: string): string {
  const value = args.get(name);
  if (value === undefined || value === "true") throw new UsageError(`--${name} is required`);
  return value;
}

export async function runCommand(name: string, allowed: readonly string[], body: (args: Map<string, string>, db: Awaited<ReturnType<typeof openConfiguredDatabase>>["db"]) => Promise<string>): Promise<void> {
  let args: Map<string, string>;
  try {
    args = parseArgs(process.argv.slice(2));
    const unknown = [...args.keys()].filter((k) => !allowed.includes(k));
    if (unknown.length > 0) throw new UsageError(`unknown option --${unknown[0]} (allowed: ${allowed.map((a) => `--${a}`).join(", ")})`);
  } catch (error) {
    console.error(`${name}: ${(error as Error).message}`);
    process.exit(2);
  }
  const database = await openConfiguredDatabase();
  let code = 0;
  try {
    console.log(`${name}: ${await body(args, database.db)}`);
  } catch (error) {
    code = error instanceof UsageError ? 2 : 1;
    const message = error instanceof DomainError ? (MESSAGES[error.code] ?? error.code) : (error as Error).message;
    console.error(`${name}: ${message}`);
  } finally {
    await database.close();
  }
  process.exit(code);
}
