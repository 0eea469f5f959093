import type { Rng } from "./random";
import { simBankCard, simIdNumber, simPhone } from "./world";
import { repaymentChannels } from "../repayment/channels/registry";

/** How a simulated borrower pays. */
export type Behaviour = "on_time" | "late" | "early_payoff" | "defaulter";
/** A repayment channel borrowers can choose (services/repayment/channels/registry.ts). */
export type ChannelChoice = string;

/** The simulated borrowers' choice of channel: each registered channel's share, in registry order. */
export function simulatedChannelMix(): [ChannelChoice, number][] {
  return repaymentChannels().flatMap((c) => (c.borrowerChoice && c.simulatedShare ? [[c.source, c.simulatedShare] as [ChannelChoice, number]] : []));
}

export interface SimBorrower {
  n: number;
  phone: string;
  name: string;
  idNumber: string;
  passbookAccount: string;
  behaviour: Behaviour;
  /** late: days after each due date the money comes. */
  lateDays: number;
  /** defaulter: installments paid before the borrower stops paying. */
  paysInstallments: number;
  /** early_payoff: installments paid before the whole loan is paid off. */
  payoffAfter: number;
  tenureMonths: number;
  arrearsCny: string;
  incomeCny: string;
  viaStore: boolean;
  channel: ChannelChoice;
  applyDay: number;
}

export interface SimInvestor {
  n: number;
  phone: string;
  name: string;
  idNumber: string;
  bankCard: string;
  aggressive: boolean;
  joinDay: number;
  /** Card or store cash top-ups. */
  topUpByCash: boolean;
  userId?: string;
}

const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"];
const GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建国", "春花", "大山", "小红", "文华"];

function chineseName(rng: Rng): string {
  return rng.pick(SURNAMES) + rng.pick(GIVEN);
}

/** Profiles: most pay on time; some late (5–40 days), a few pay off early, some default. */
export function makeBorrower(rng: Rng, n: number, applyDay: number): SimBorrower {
  const behaviour = rng.weighted<Behaviour>([
    ["on_time", 70],
    ["late", 15],
    ["early_payoff", 7],
    ["defaulter", 8],
  ]);
  const tenure = rng.weighted<number>([
    [rng.int(30, 160), 80],
    [rng.int(8, 23), 15],
    [rng.int(1, 5), 5],
  ]);
  return {
    n,
    phone: simPhone(n),
    name: chineseName(rng),
    idNumber: simIdNumber(n),
    passbookAccount: `6230${String(n).padStart(12, "0")}`,
    behaviour,
    lateDays: rng.int(5, 40),
    paysInstallments: rng.int(0, 2),
    payoffAfter: rng.int(1, 3),
    tenureMonths: tenure,
    arrearsCny: rng.chance(0.06) ? (rng.chance(0.5) ? "80.00" : "900.00") : "0.00",
    incomeCny: String(rng.int(3, 20) * 10_000),
    viaStore: rng.chance(0.35),
    channel: rng.weighted<ChannelChoice>(simulatedChannelMix()),
    applyDay,
  };
}

export function makeInvestor(rng: Rng, n: number, joinDay: number): SimInvestor {
  return {
    n,
    phone: simPhone(n),
    name: chineseName(rng),
    idNumber: simIdNumber(n, 1970),
    bankCard: simBankCard(n),
    aggressive: rng.chance(0.7),
    joinDay,
    topUpByCash: rng.chance(0.3),
  };
}
