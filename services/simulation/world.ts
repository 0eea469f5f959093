import { and, eq, like, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { operators, userRoles, users } from "../../db/schema";
import type { Actor } from "../borrowing/access";
import type { OperatorDataAdapter } from "../borrowing/operator-data";
import { residentIdCheckChar } from "../shared/resident-id";
import { createProductVersion, listActiveProducts, type Product, type ProductTerms } from "../lending";
import type { OneTimeCodeSms, SmsMessage, SmsSender } from "../sms";
import { assignClerk, ensureStore } from "../stores";

/** Simulated people's phone numbers: 199 + 8 digits (no demo operator uses the block). */
export const SIM_PHONE_PREFIX = "199";

export interface SimWorld {
  operatorId: string;
  operatorSlug: string;
  operatorNameZh: string;
  storeId: string;
  clerk: Actor;
  risk1: Actor;
  risk2: Actor;
  finance: Actor;
  products: Product[];
  secretKey: Uint8Array;
  sms: CapturingSms;
  operatorData: OperatorDataAdapter;
  /** Phone and ID-number numbering starts here (after people of earlier runs). */
  nextPersonNo: () => number;
}

/**
 * SMS kept in memory (codes are read back from here, as the borrower reads them off the
 * phone) and dropped otherwise; counts what was sent. Notifications and one-time codes alike.
 */
export class CapturingSms implements OneTimeCodeSms {
  readonly lastCodeByPhone = new Map<string, string>();
  sent = 0;
  senderFor = (_db: DbOrTx): SmsSender => ({
    name: "simulation",
    send: async (m: SmsMessage) => this.keep(m),
  });
  record = async (_tx: DbOrTx, m: SmsMessage) => this.keep(m);
  sendNow = async () => undefined;
  lastCode(phone: string): string {
    const code = this.lastCodeByPhone.get(phone);
    if (!code) throw new Error(`no SMS code sent to ${phone}`);
    return code;
  }
  private keep(m: SmsMessage): { messageId: string } {
    if ("code" in m.params) this.lastCodeByPhone.set(m.phone, m.params.code);
    this.sent++;
    return { messageId: `sim-${this.sent}` };
  }
}

/** A valid resident ID number for person `n` (birth date and sequence derived from n, unique up to 12 million people). */
export function simIdNumber(n: number, bornFrom = 1962): string {
  const day = new Date(Date.UTC(bornFrom, 0, 1) + (n % 12_000) * 86_400_000);
  const seq = String(Math.floor(n / 12_000) % 1000).padStart(3, "0");
  const first17 = `411626${day.toISOString().slice(0, 10).replaceAll("-", "")}${seq}`;
  return first17 + residentIdCheckChar(first17);
}

export function simPhone(n: number): string {
  return `${SIM_PHONE_PREFIX}${String(n).padStart(8, "0")}`;
}

/** A Luhn-valid 19-digit bank card for person `n`. */
export function simBankCard(n: number): string {
  const body = `622202${String(n).padStart(12, "0")}`;
  for (let check = 0; check <= 9; check++) {
    const digits = `${body}${check}`;
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      let d = digits.charCodeAt(digits.length - 1 - i) - 48;
      if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    if (sum % 10 === 0) return digits;
  }
  throw new Error("no check digit");
}

/**
 * The simulated operator's subscriber data: every simulated borrower is a subscriber with
 * a matching real name; tenure and arrears come from the borrower's generated profile
 * (registered before the application), so the preliminary review approves, refers or
 * rejects as it would for real people.
 */
export function createSimOperatorData(profiles: Map<string, { tenureMonths: number; arrearsCny: string; name: string }>): OperatorDataAdapter {
  return {
    name: "simulation",
    async lookup({ phone, fullName }) {
      const p = profiles.get(phone);
      if (!p) return { subscriber: false, source: "simulation" };
      return { subscriber: true, tenureMonths: p.tenureMonths, arrearsCny: p.arrearsCny, realNameMatch: p.name === fullName.trim(), source: "simulation" };
    },
  };
}

const DEFAULT_PRODUCTS: ProductTerms[] = [
  { code: "X001", nameZh: "助学贷", nameEn: "Study loan", purpose: "study", minAmountCny: "1000.00", maxAmountCny: "20000.00", annualRate: "0.04", termMonths: 10, method: "interest-only", serviceFeeRate: "0.10", penaltyDailyRate: "0.0005", riskLevel: "low" },
  { code: "Y001", nameZh: "养殖贷", nameEn: "Livestock loan", purpose: "livestock", minAmountCny: "5000.00", maxAmountCny: "80000.00", annualRate: "0.10", termMonths: 12, method: "interest-only", serviceFeeRate: "0.10", penaltyDailyRate: "0.0005", riskLevel: "medium" },
  { code: "Z001", nameZh: "种植贷", nameEn: "Crop loan", purpose: "crops", minAmountCny: "3000.00", maxAmountCny: "50000.00", annualRate: "0.10", termMonths: 6, method: "equal-principal", serviceFeeRate: "0.10", penaltyDailyRate: "0.0005", riskLevel: "medium" },
  { code: "W001", nameZh: "小微经营贷", nameEn: "Small business loan", purpose: "business", minAmountCny: "5000.00", maxAmountCny: "30000.00", annualRate: "0.0888", termMonths: 12, method: "equal-installment", serviceFeeRate: "0.10", penaltyDailyRate: "0.0005", riskLevel: "high" },
];

/**
 * The operator the simulation runs in (an existing one: the demo seed creates `unicom`), its store S001, the product library (when empty), and the
 * simulation's own staff: a store clerk, two risk officers (maker and checker) and finance.
 */
export async function setupWorld(
  db: Db,
  input: { operatorSlug: string; secretKey: Uint8Array; operatorData: OperatorDataAdapter; sms: CapturingSms },
): Promise<SimWorld> {
  const [operator] = await db.select().from(operators).where(eq(operators.slug, input.operatorSlug));
  if (!operator) throw new Error(`operator ${input.operatorSlug} not found (seed the demo data first)`);
  const operatorId = operator!.id;
  const store = await ensureStore(db, { operatorId, code: "S001", nameZh: "模拟城关营业厅", nameEn: "Simulation store", addressZh: "河南省周口市淮阳区人民路 1 号" });
  if ((await listActiveProducts(db, operatorId)).length === 0) {
    for (const terms of DEFAULT_PRODUCTS) await createProductVersion(db, { operatorId, terms });
  }
  // Numbers continue above the highest one any earlier run used (not their count: a run stopped
  // half-way leaves gaps, people allocated who never signed up), so a second run never collides.
  const [{ n: highest } = { n: 0 }] = await db
    .select({ n: sql<number>`coalesce(max(right(${users.phone}, 8)::int), 0)::int` })
    .from(users)
    .where(and(eq(users.operatorId, operatorId), like(users.phone, `${SIM_PHONE_PREFIX}%`)));
  let personNo = Number(highest) + 1;
  const nextPersonNo = () => personNo++;
  const staff = async (name: string, role: Actor["roles"][number]): Promise<Actor> => {
    const [row] = await db.insert(users).values({ operatorId, phone: simPhone(nextPersonNo()), name }).returning({ id: users.id });
    await db.insert(userRoles).values({ userId: row!.id, role });
    return { userId: row!.id, roles: [role] };
  };
  const clerk = await staff("模拟店员", "store_clerk");
  await assignClerk(db, { userId: clerk.userId, storeId: store.id });
  return {
    operatorId,
    operatorSlug: input.operatorSlug,
    operatorNameZh: operator!.nameZh,
    storeId: store.id,
    clerk,
    risk1: await staff("模拟风控甲", "risk_officer"),
    risk2: await staff("模拟风控乙", "risk_officer"),
    finance: await staff("模拟会计", "finance"),
    products: await listActiveProducts(db, operatorId),
    secretKey: input.secretKey,
    sms: input.sms,
    operatorData: input.operatorData,
    nextPersonNo,
  };
}
