import Decimal from "decimal.js";
import type { Db } from "../../db/client";
import { allocateLoan } from "../auto-invest/allocate-loan";
import { listAutoInvestRules } from "../auto-invest/list-rules";
import { saveAutoInvestRule } from "../auto-invest/save-rule";
import { getLoan } from "../lending";
import type { SimInvestor } from "./people";
import type { SimWorld } from "./world";

/** One investor in three keeps an auto-invest rule (no random draw: the run's other choices stay as they were). */
export const keepsAutoInvestRule = (investor: SimInvestor) => investor.n % 3 === 0;

/**
 * The investor's rule, saved through the service once they are onboarded: every method and term,
 * 3%–20% a year, the levels their grade allows, ¥1,000–¥2,500 per loan, ¥30,000 in total, ¥1,000
 * kept in the wallet; every other one reinvests returns. Saved once (a rerun of the day keeps it).
 */
export async function saveSimRule(db: Db, world: SimWorld, investor: SimInvestor, now: Date): Promise<void> {
  if (!investor.userId || !keepsAutoInvestRule(investor)) return;
  const existing = await listAutoInvestRules(db, { operatorId: world.operatorId, investorUserId: investor.userId });
  if (existing.length > 0) return;
  await saveAutoInvestRule(db, {
    operatorId: world.operatorId,
    investorUserId: investor.userId,
    form: {
      name: `规则 ${investor.n}`,
      minRate: "3",
      maxRate: "20",
      minTerm: "1",
      maxTerm: "36",
      methods: ["interest-only", "equal-principal", "equal-installment"],
      riskLevels: investor.aggressive ? ["low", "medium", "high"] : ["low"],
      amountPerLoan: String(1000 + (investor.n % 4) * 500),
      maxTotal: "30000",
      cashToKeep: "1000",
      reinvest: investor.n % 2 === 0,
    },
    now,
  });
}

/** Auto-invest for a loan just listed (as the portal's afterListing does), a minute after its listing. */
export async function allocateListedLoan(db: Db, world: SimWorld, loanId: string): Promise<{ investments: number; amount: Decimal }> {
  const loan = await getLoan(db, { operatorId: world.operatorId, loanId });
  const { placed } = await allocateLoan(db, { operatorId: world.operatorId, loanId, smsFor: world.sms.senderFor, now: new Date(loan.listedAt.getTime() + 60_000) });
  return { investments: placed.length, amount: placed.reduce((sum, p) => sum.plus(p.amount), new Decimal(0)) };
}
