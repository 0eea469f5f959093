import Decimal from "decimal.js";
import type { Db } from "../../db/client";
import { findOrCreateUser } from "../identity/find-or-create-user";
import { INVESTOR_AGREEMENTS } from "../investing/agreements";
import { recordCashTopUp } from "../investing/record-cash-top-up";
import { registerInvestor } from "../investing/register-investor";
import { submitRiskAssessment } from "../investing/submit-risk-assessment";
import { chart, openAccount, postEntry } from "../ledger";
import type { SimInvestor } from "./people";
import type { SimWorld } from "./world";

const AGGRESSIVE = { age: "b", income: "d", share: "a", experience: "d", horizon: "d", loss: "d", reaction: "d" };
const CONSERVATIVE = { age: "d", income: "a", share: "d", experience: "a", horizon: "a", loss: "a", reaction: "a" };

/** Real-name registration and the risk assessment, through the investor services. */
export async function onboardInvestor(db: Db, world: SimWorld, investor: SimInvestor, now: Date): Promise<string> {
  const user = await findOrCreateUser(db, world.operatorId, investor.phone);
  await registerInvestor(db, {
    operatorId: world.operatorId,
    userId: user.id,
    legalName: investor.name,
    idNumber: investor.idNumber,
    bankCode: "ICBC",
    bankCard: investor.bankCard,
    consentedAgreements: INVESTOR_AGREEMENTS.map((a) => a.code),
    secretKey: world.secretKey,
    clientIp: "10.2.0.1",
    now,
  });
  await submitRiskAssessment(db, { operatorId: world.operatorId, userId: user.id, answers: investor.aggressive ? AGGRESSIVE : CONSERVATIVE, now: new Date(now.getTime() + 60_000) });
  investor.userId = user.id;
  return user.id;
}

let topUpSeq = 0;

/**
 * Money into an investor's wallet: cash at the store counter through the store's
 * cash top-up service (a receipt number), or a card top-up — the entry the Stripe webhook
 * posts once the card payment succeeds (Dr clearing:card / Cr wallet:available), posted
 * here directly because no card network is reachable.
 */
export async function topUpInvestor(db: Db, world: SimWorld, investor: SimInvestor, amount: Decimal, now: Date): Promise<void> {
  const seq = ++topUpSeq;
  const tag = `${investor.n}-${now.getTime().toString(36)}-${seq}`;
  if (investor.topUpByCash) {
    for (let left = amount; left.gt(0); ) {
      const part = Decimal.min(left, 50_000);
      await recordCashTopUp(db, {
        operatorId: world.operatorId,
        clerkUserId: world.clerk.userId,
        investorPhone: investor.phone,
        amount: part.toFixed(2),
        receiptNo: `SIMC-${tag}`.toUpperCase().slice(0, 32) + (left.eq(amount) ? "" : "B"),
        idempotencyKey: `sim-cash-${tag}${left.eq(amount) ? "" : "b"}`,
        now,
      });
      left = left.minus(part);
    }
    return;
  }
  const clearing = await openAccount(db, { operatorId: world.operatorId, ...chart.clearingCard() });
  const wallet = await openAccount(db, { operatorId: world.operatorId, ...chart.walletAvailable(investor.userId!) });
  await postEntry(db, {
    operatorId: world.operatorId,
    idempotencyKey: `sim-card-top-up:${tag}`,
    kind: "top_up",
    memo: "银行卡充值（模拟）Card top-up (simulation)",
    cause: { type: "top_up", id: `sim:${tag}` },
    postedBy: { system: "simulation" },
    postings: [
      { accountId: clearing.id, amountCny: amount.toFixed(2) },
      { accountId: wallet.id, amountCny: amount.negated().toFixed(2) },
    ],
    now,
  });
}
