import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { chart, openAccount, postEntry, type OpenAccountInput } from "../ledger";
import { createProductVersion, listActiveProducts, openLoanForFunding, type ProductTerms } from "../lending";
import { assignClerk, ensureStore } from "../stores";
import { loans } from "../../db/schema";
import { operators, userRoles, users, type PlatformInfo } from "../../db/schema";
import { hashPassword } from "../identity/password-hash";
import type { Role } from "../identity/roles";
import { investorProfiles, riskAssessments } from "../../db/schema";
import { invest, registerInvestor, residentIdCheckChar, submitRiskAssessment } from "../investing";
import { payOutLoanThroughSandbox } from "../payouts/pay-out-through-sandbox";
import { encryptField } from "../shared/crypto/field-encryption";
import { CHANNEL_AND_COLLECTION_STEPS } from "../jobs";
import { runDueProcessing } from "../repayment";
import { importSandboxCustodyStatement } from "../reconciliation";
import { createSmsRecorder } from "../sms";
import { withInbox } from "../notifications";
import { addDays, beijingDate, startOfBeijingDay } from "../shared/calendar";
import { collectionTeamMembers, collectionTeams, loanApplications } from "../../db/schema";
import { createDefaultTeams } from "../collections";

/** The three demo operators. Colours echo each brand; logos are our own drawings. */
export const DEMO_OPERATORS = [
  {
    slug: "unicom",
    nameZh: "中国联通",
    nameEn: "China Unicom",
    logoPath: "/logos/unicom.svg",
    brandPrimary: "#d7000f",
    brandPrimaryDark: "#a3000b",
    brandAccent: "#fff1f0",
    phonePrefix: "1860000",
  },
  {
    slug: "mobile",
    nameZh: "中国移动",
    nameEn: "China Mobile",
    logoPath: "/logos/mobile.svg",
    brandPrimary: "#0072c6",
    brandPrimaryDark: "#00528f",
    brandAccent: "#eaf4fc",
    phonePrefix: "1380000",
  },
  {
    slug: "telecom",
    nameZh: "中国电信",
    nameEn: "China Telecom",
    logoPath: "/logos/telecom.svg",
    brandPrimary: "#1d5bbf",
    brandPrimaryDark: "#143f86",
    brandAccent: "#fdf0e6",
    phonePrefix: "1890000",
  },
] as const;

/** Sandbox web hall origin (issue: operator embedding) may frame the portal. */
const DEMO_FRAME_ANCESTORS = ["http://localhost:3100"];

export const DEMO_PASSWORD = "Demo1234";

/**
 * The demo operators sign on through the sandbox operator IdP (sandbox/operator-idp, started
 * by `npm start` on port 3101). Only NULL settings are filled: a real issuer set on an
 * operator is never overwritten.
 */
export function demoOperatorSignOn(slug: string) {
  return {
    oidcIssuer: `http://localhost:3101/${slug}`,
    oidcClientId: "lending-portal",
    oidcClientSecret: `sandbox-secret-${slug}`,
  };
}

/**
 * One demo user per role per operator; phone = operator prefix + 4-digit suffix.
 * Borrowers sign in by SMS code only, everyone else also has the demo password.
 */
/** No second factor for the demo operators' staff (see README: turning it on per operator). */
export const DEMO_SECOND_FACTOR_ROLES: Role[] = [];

export const DEMO_USERS: ReadonlyArray<{ suffix: string; name: string; roles: Role[]; password: boolean }> = [
  { suffix: "0001", name: "王小明", roles: ["borrower"], password: false },
  { suffix: "0002", name: "李娟", roles: ["investor"], password: true },
  { suffix: "0003", name: "张店员", roles: ["store_clerk"], password: true },
  { suffix: "0004", name: "赵风控", roles: ["risk_officer"], password: true },
  { suffix: "0005", name: "钱会计", roles: ["finance"], password: true },
  { suffix: "0006", name: "孙复核", roles: ["finance"], password: true },
  { suffix: "0007", name: "周催收", roles: ["collector"], password: true },
  { suffix: "0008", name: "吴管理", roles: ["admin"], password: true },
  // A second admin: granting finance or admin waits for a different admin's approval.
  { suffix: "0009", name: "冯复核管理", roles: ["admin"], password: true },
  // Collections demo (seedDemoCollections): a senior collector (M2+ team, seedDemoTeams),
  // a borrower whose loan is overdue, and the investor who funded that loan.
  { suffix: "0010", name: "郑资深", roles: ["collector"], password: true },
  { suffix: "0041", name: "陈大勇", roles: ["borrower"], password: false },
  { suffix: "0042", name: "刘出借", roles: ["investor"], password: true },
  // Debt transfer demo (seedDemoTransfers): a borrower repaying on time, the investor who funded the
  // loan 20 days ago (past the holding period, so they can list it) and an investor with cash to buy it.
  { suffix: "0043", name: "郑春梅", roles: ["borrower"], password: false },
  { suffix: "0044", name: "周出让", roles: ["investor"], password: true },
  { suffix: "0045", name: "吴受让", roles: ["investor"], password: true },
];

const DEMO_HOTLINES: Record<(typeof DEMO_OPERATORS)[number]["slug"], string> = { unicom: "10010", mobile: "10086", telecom: "10000" };

/** The platform information the public disclosure page shows: demo values, marked as such (filled only when empty). */
function demoPlatformInfo(demo: (typeof DEMO_OPERATORS)[number]): PlatformInfo {
  return {
    companyName: `${demo.nameZh}普惠金融信息服务有限公司（演示）`,
    registeredAddress: "北京市西城区金融大街 1 号（演示地址）",
    icpRecord: "京ICP备00000000号（演示）",
    custodyBank: "沙盒托管银行（演示环境）",
    customerServicePhone: DEMO_HOTLINES[demo.slug],
    establishedOn: "2026-11-21",
  };
}

/** Idempotent: rows that exist are left alone, so it is safe on every start. */
export async function seedDemoData(db: Db, options: { secretKey?: Uint8Array } = {}): Promise<{ operators: number; users: number }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let userCount = 0;
  await db.transaction(async (tx) => {
    for (const demo of DEMO_OPERATORS) {
      const { phonePrefix, ...brand } = demo;
      await tx
        .insert(operators)
        // The demo's staff sign in with the shared demo password alone; an operator added with
        // operator:add (and production) asks finance, risk and admin for a second factor.
        .values({ ...brand, frameAncestors: DEMO_FRAME_ANCESTORS, secondFactorRoles: DEMO_SECOND_FACTOR_ROLES })
        .onConflictDoNothing({ target: operators.slug });
      await tx
        .update(operators)
        .set(demoOperatorSignOn(demo.slug))
        .where(
          and(
            eq(operators.slug, demo.slug),
            isNull(operators.oidcIssuer),
            isNull(operators.oidcClientId),
            isNull(operators.oidcClientSecret),
          ),
        );
      await tx
        .update(operators)
        .set({ platformInfo: demoPlatformInfo(demo) })
        .where(and(eq(operators.slug, demo.slug), sql`${operators.platformInfo} = '{}'::jsonb`));
      const [operator] = await tx.select({ id: operators.id }).from(operators).where(sql`${operators.slug} = ${demo.slug}`);
      if (!operator) throw new Error(`seeded operator ${demo.slug} is missing`);
      for (const person of DEMO_USERS) {
        const inserted = await tx
          .insert(users)
          .values({
            operatorId: operator.id,
            phone: phonePrefix + person.suffix,
            name: person.name,
            passwordHash: person.password ? passwordHash : null,
          })
          .onConflictDoNothing({ target: [users.operatorId, users.phone] })
          .returning({ id: users.id });
        const user = inserted[0];
        if (!user) continue;
        userCount += 1;
        await tx.insert(userRoles).values(person.roles.map((role) => ({ userId: user.id, role })));
      }
      await seedDemoTeams(tx, operator.id, phonePrefix);
      await seedDemoBooks(tx, operator.id, phonePrefix);
      await seedDemoLending(tx, operator.id, demo.slug, phonePrefix);
      if (options.secretKey) await seedDemoInvestor(tx, operator.id, phonePrefix, options.secretKey);
    }
  });
  if (options.secretKey) {
    for (const demo of DEMO_OPERATORS) await seedDemoCollections(db, demo.slug, demo.phonePrefix, options.secretKey);
    for (const demo of DEMO_OPERATORS) await seedDemoTransfers(db, demo.slug, demo.phonePrefix, options.secretKey);
  }
  return { operators: DEMO_OPERATORS.length, users: userCount };
}

/** Demo collector per team: <prefix>0007 works M1, <prefix>0010 the senior team (M2+). */
const DEMO_TEAM_MEMBERS: Readonly<Record<string, string>> = { early: "0007", senior: "0010" };

/**
 * The two default collection teams with their demo collectors, on a fresh database only:
 * an operator that has teams (migration 0013 gave them, or an admin changed them) is left alone.
 */
async function seedDemoTeams(tx: DbOrTx, operatorId: string, phonePrefix: string): Promise<void> {
  if (!(await createDefaultTeams(tx, { operatorId, actorUserId: null }))) return;
  for (const [code, suffix] of Object.entries(DEMO_TEAM_MEMBERS)) {
    const [team] = await tx.select({ id: collectionTeams.id }).from(collectionTeams).where(and(eq(collectionTeams.operatorId, operatorId), eq(collectionTeams.code, code)));
    const [user] = await tx.select({ id: users.id }).from(users).where(and(eq(users.operatorId, operatorId), eq(users.phone, phonePrefix + suffix)));
    if (team && user) await tx.insert(collectionTeamMembers).values({ teamId: team.id, userId: user.id }).onConflictDoNothing();
  }
}

/**
 * The platform's chart of accounts for a demo operator, and one card top-up of the demo
 * investor so the finance console has something to show. Posted through the ledger
 * service under a fixed idempotency key, so a restart posts nothing twice.
 */
async function seedDemoBooks(tx: DbOrTx, operatorId: string, phonePrefix: string): Promise<void> {
  const open = (spec: Omit<OpenAccountInput, "operatorId">) => openAccount(tx, { operatorId, ...spec });
  for (const spec of [
    chart.custodyBank(),
    chart.clearingCard(),
    chart.clearingPassbook(),
    chart.clearingPhonebill(),
    chart.revenueServiceFee(),
    chart.revenuePenalty(),
  ]) {
    await open(spec);
  }
  const [investor] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.operatorId, operatorId), eq(users.phone, `${phonePrefix}0002`)));
  if (!investor) throw new Error("demo investor missing");
  const clearing = await open(chart.clearingCard());
  const wallet = await open(chart.walletAvailable(investor.id));
  await open(chart.walletHeld(investor.id));
  await postEntry(tx, {
    operatorId,
    idempotencyKey: "demo-seed:investor-top-up",
    kind: "top_up",
    memo: "演示数据：银行卡充值 Demo data: card top-up",
    cause: { type: "top_up", id: "demo-seed" },
    postedBy: { system: "demo-seed" },
    postings: [
      { accountId: clearing.id, amountCny: "50000.00" },
      { accountId: wallet.id, amountCny: "-50000.00" },
    ],
  });
}

/** The seed document's three products, plus one equal-installment product. */
export const DEMO_PRODUCTS: ProductTerms[] = [
  { code: "X001", nameZh: "助学贷", nameEn: "Study loan", purpose: "study", minAmountCny: "1000.00", maxAmountCny: "20000.00", annualRate: "0.04", termMonths: 10, method: "interest-only", serviceFeeRate: "0.10", penaltyDailyRate: "0.0005", riskLevel: "low" },
  { code: "Y001", nameZh: "养殖贷", nameEn: "Livestock loan", purpose: "livestock", minAmountCny: "5000.00", maxAmountCny: "80000.00", annualRate: "0.10", termMonths: 12, method: "interest-only", serviceFeeRate: "0.10", penaltyDailyRate: "0.0005", riskLevel: "medium" },
  { code: "Z001", nameZh: "种植贷", nameEn: "Crop loan", purpose: "crops", minAmountCny: "3000.00", maxAmountCny: "50000.00", annualRate: "0.10", termMonths: 6, method: "equal-principal", serviceFeeRate: "0.10", penaltyDailyRate: "0.0005", riskLevel: "medium" },
  { code: "W001", nameZh: "小微经营贷", nameEn: "Small business loan", purpose: "business", minAmountCny: "5000.00", maxAmountCny: "30000.00", annualRate: "0.0888", termMonths: 12, method: "equal-installment", serviceFeeRate: "0.10", penaltyDailyRate: "0.0005", riskLevel: "high" },
];

const DEMO_STORE: Record<string, { nameZh: string; nameEn: string; addressZh: string }> = {
  unicom: { nameZh: "联通淮阳城关营业厅", nameEn: "Unicom Huaiyang Chengguan store", addressZh: "河南省周口市淮阳区城关镇人民路 88 号" },
  mobile: { nameZh: "移动商水县城营业厅", nameEn: "Mobile Shangshui county store", addressZh: "河南省周口市商水县新城路 16 号" },
  telecom: { nameZh: "电信西华营业厅", nameEn: "Telecom Xihua store", addressZh: "河南省周口市西华县箕子台路 5 号" },
};

/**
 * A store with the demo clerk, the product library, and (on a database with no loans yet)
 * three loans of the demo borrower listed for funding, through the lending service.
 */
async function seedDemoLending(tx: DbOrTx, operatorId: string, slug: string, phonePrefix: string): Promise<void> {
  const storeInfo = DEMO_STORE[slug];
  if (!storeInfo) throw new Error(`no demo store for ${slug}`);
  const store = await ensureStore(tx, { operatorId, code: "S001", ...storeInfo });
  const [clerk] = await tx.select({ id: users.id }).from(users).where(and(eq(users.operatorId, operatorId), eq(users.phone, `${phonePrefix}0003`)));
  if (clerk) await assignClerk(tx, { userId: clerk.id, storeId: store.id });

  const existing = new Set((await listActiveProducts(tx, operatorId)).map((p) => p.code));
  for (const terms of DEMO_PRODUCTS) {
    if (!existing.has(terms.code)) await createProductVersion(tx, { operatorId, terms });
  }

  const [anyLoan] = await tx.select({ id: loans.id }).from(loans).where(eq(loans.operatorId, operatorId)).limit(1);
  if (anyLoan) return;
  const [borrower] = await tx.select({ id: users.id }).from(users).where(and(eq(users.operatorId, operatorId), eq(users.phone, `${phonePrefix}0001`)));
  if (!borrower) throw new Error("demo borrower missing");
  const byCode = new Map((await listActiveProducts(tx, operatorId)).map((p) => [p.code, p]));
  const demoLoans = [
    { code: "Z001", amountCny: "30000.00", titleZh: "种植贷 · 30 亩小麦春耕农资", regionZh: "河南省周口市淮阳区" },
    { code: "Y001", amountCny: "50000.00", titleZh: "养殖贷 · 补栏 20 头肉牛", regionZh: "河南省周口市淮阳区" },
    { code: "X001", amountCny: "8000.00", titleZh: "助学贷 · 大一学费与住宿费", regionZh: "河南省周口市淮阳区" },
  ];
  for (const demo of demoLoans) {
    const product = byCode.get(demo.code);
    if (!product) throw new Error(`demo product ${demo.code} missing`);
    await openLoanForFunding(tx, { operatorId, borrowerUserId: borrower.id, productId: product.id, amountCny: demo.amountCny, titleZh: demo.titleZh, regionZh: demo.regionZh, fundingWindowDays: 14 });
  }
}

/** The demo investor's real-name details (a valid-looking but invented identity and card). */
export const DEMO_INVESTOR = { legalName: "李娟", idNumber: "410102199003071230", bankCode: "ICBC", bankCard: "6222021234567894" } as const;

/**
 * The demo investor (<prefix>0002) arrives real-named (ID and card encrypted under this
 * portal's secret) with a balanced risk assessment, so a newcomer can invest at once in
 * the low- and medium-risk demo loans. Through the investing services; skipped when done.
 */
async function seedDemoInvestor(tx: DbOrTx, operatorId: string, phonePrefix: string, secretKey: Uint8Array): Promise<void> {
  const [investor] = await tx.select({ id: users.id }).from(users).where(and(eq(users.operatorId, operatorId), eq(users.phone, `${phonePrefix}0002`)));
  if (!investor) return;
  const [profile] = await tx.select({ userId: investorProfiles.userId }).from(investorProfiles).where(eq(investorProfiles.userId, investor.id));
  if (!profile) {
    await registerInvestor(tx, {
      operatorId,
      userId: investor.id,
      ...DEMO_INVESTOR,
      consentedAgreements: ["investor-service", "risk-disclosure", "custody-authorisation"],
      secretKey,
      clientIp: "demo-seed",
    });
  }
  const [risk] = await tx.select({ id: riskAssessments.id }).from(riskAssessments).where(eq(riskAssessments.userId, investor.id)).limit(1);
  if (!risk) {
    await submitRiskAssessment(tx, {
      operatorId,
      userId: investor.id,
      answers: { age: "b", income: "c", share: "b", experience: "b", horizon: "c", loss: "b", reaction: "b" },
    });
  }
}

const OVERDUE_LOAN_TITLE = "种植贷 · 大棚蔬菜种苗（逾期演示）";

/**
 * Collections demo: the borrower <prefix>0041 (陈大勇) got a ¥6,000 crop loan 40 days ago,
 * funded by <prefix>0042 and paid out by finance <prefix>0005, and has not paid the first
 * installment. All through the real services with `now` in the past; then today's due
 * processing (with the collections step) marks the loan overdue and opens and assigns its
 * case to the demo collector <prefix>0007. Runs once per database: skipped when the loan exists.
 */
async function seedDemoCollections(db: Db, slug: string, phonePrefix: string, secretKey: Uint8Array): Promise<void> {
  const [operator] = await db.select({ id: operators.id }).from(operators).where(eq(operators.slug, slug));
  if (!operator) return;
  const operatorId = operator.id;
  const person = async (suffix: string) =>
    (await db.select({ id: users.id }).from(users).where(and(eq(users.operatorId, operatorId), eq(users.phone, phonePrefix + suffix))))[0];
  const borrower = await person("0041");
  const funder = await person("0042");
  const finance = await person("0005");
  if (!borrower || !funder || !finance) return;
  const [existing] = await db.select({ id: loans.id }).from(loans).where(eq(loans.borrowerUserId, borrower.id)).limit(1);
  if (existing) return;

  const today = beijingDate();
  const disbursedAt = new Date(startOfBeijingDay(addDays(today, -40)).getTime() + 10 * 3_600_000);
  const amount = "6000.00";
  await readyDemoFunder(db, { operatorId, funderId: funder.id, amount, secretKey, at: new Date(disbursedAt.getTime() - 2 * 3_600_000) });
  const product = (await listActiveProducts(db, operatorId)).find((p) => p.code === "Z001");
  if (!product) return;
  const loan = await openLoanForFunding(db, {
    operatorId,
    borrowerUserId: borrower.id,
    productId: product.id,
    amountCny: amount,
    titleZh: OVERDUE_LOAN_TITLE,
    regionZh: "河南省周口市淮阳区",
    fundingWindowDays: 14,
    now: new Date(disbursedAt.getTime() - 86_400_000),
  });
  await invest(db, { operatorId, investorUserId: funder.id, loanId: loan.id, amount, idempotencyKey: "demo-seed-collections-invest", now: new Date(disbursedAt.getTime() - 3_600_000) });
  await db.insert(loanApplications).values({
    operatorId,
    borrowerUserId: borrower.id,
    createdByUserId: borrower.id,
    channel: "self",
    status: "signed",
    signedAt: new Date(disbursedAt.getTime() - 2 * 86_400_000),
    createdAt: new Date(disbursedAt.getTime() - 5 * 86_400_000),
    submittedAt: new Date(disbursedAt.getTime() - 5 * 86_400_000),
    decidedAt: new Date(disbursedAt.getTime() - 3 * 86_400_000),
    amount,
    finalAmount: amount,
    purposeNote: "大棚蔬菜种苗",
    phone: phonePrefix + "0041",
    fullName: "陈大勇",
    idNumberMasked: "410***********2318",
    region: "河南省周口市淮阳区",
    village: "白楼镇陈庄村",
    disbursementChannel: "passbook",
    passbookBank: "淮阳农商银行",
    passbookAccountEnc: encryptField(secretKey, "bank_account", "6230521234564417"),
    passbookAccountMasked: "6230 **** **** 4417",
    loanId: loan.id,
  });
  // Paid out as production pays: finance's instruction, the (sandbox) bank's result that day.
  await payOutLoanThroughSandbox(db, { operatorId, loanId: loan.id, actor: { userId: finance.id, roles: ["finance"] }, secretKey, now: disbursedAt, smsFor: withInbox(createSmsRecorder(secretKey)) });
  await runDueProcessing(db, {
    operatorId,
    date: today,
    deps: { smsSenderFor: withInbox(createSmsRecorder(secretKey)), extraSteps: CHANNEL_AND_COLLECTION_STEPS },
  });
}

const TRANSFER_LOAN_TITLE = "种植贷 · 果园春季施肥（转让演示）";

/**
 * Debt transfer demo: the borrower <prefix>0043 got a ¥3,000 crop loan 20 days ago (its first installment
 * still ahead), funded by <prefix>0044, who may list it on the 转让专区 (past the 14-day holding period);
 * <prefix>0045 is real-named, assessed and has ¥10,000 to buy with. Through the real services with `now`
 * in the past; once per database (skipped when the loan exists).
 */
async function seedDemoTransfers(db: Db, slug: string, phonePrefix: string, secretKey: Uint8Array): Promise<void> {
  const [operator] = await db.select({ id: operators.id }).from(operators).where(eq(operators.slug, slug));
  if (!operator) return;
  const operatorId = operator.id;
  const person = async (suffix: string) =>
    (await db.select({ id: users.id }).from(users).where(and(eq(users.operatorId, operatorId), eq(users.phone, phonePrefix + suffix))))[0];
  const [borrower, seller, buyer, finance] = [await person("0043"), await person("0044"), await person("0045"), await person("0005")];
  if (!borrower || !seller || !buyer || !finance) return;
  const [existing] = await db.select({ id: loans.id }).from(loans).where(eq(loans.borrowerUserId, borrower.id)).limit(1);
  if (existing) return;
  const disbursedAt = new Date(startOfBeijingDay(addDays(beijingDate(), -20)).getTime() + 10 * 3_600_000);
  const amount = "3000.00";
  const funds = (name: string, first17: string, key: string) => ({ legalName: name, idFirst17: first17, topUpKey: `demo-seed:${key}`, memo: `演示数据：债权转让演示资金 Demo data: debt transfer demo funds (${key})` });
  await readyDemoFunder(db, { operatorId, funderId: seller.id, amount, secretKey, at: new Date(disbursedAt.getTime() - 2 * 3_600_000), who: funds("周出让", "41010219880302135", "transfer-seller-top-up") });
  await readyDemoFunder(db, { operatorId, funderId: buyer.id, amount: "10000.00", secretKey, at: new Date(disbursedAt.getTime() - 2 * 3_600_000), who: funds("吴受让", "41010219900718246", "transfer-buyer-top-up") });
  const product = (await listActiveProducts(db, operatorId)).find((p) => p.code === "Z001");
  if (!product) return;
  const loan = await openLoanForFunding(db, { operatorId, borrowerUserId: borrower.id, productId: product.id, amountCny: amount, titleZh: TRANSFER_LOAN_TITLE, regionZh: "山东省烟台市栖霞市", fundingWindowDays: 14, now: new Date(disbursedAt.getTime() - 86_400_000) });
  await invest(db, { operatorId, investorUserId: seller.id, loanId: loan.id, amount, idempotencyKey: "demo-seed-transfer-invest", now: new Date(disbursedAt.getTime() - 3_600_000) });
  await db.insert(loanApplications).values({
    operatorId,
    borrowerUserId: borrower.id,
    createdByUserId: borrower.id,
    channel: "self",
    status: "signed",
    signedAt: new Date(disbursedAt.getTime() - 2 * 86_400_000),
    createdAt: new Date(disbursedAt.getTime() - 5 * 86_400_000),
    submittedAt: new Date(disbursedAt.getTime() - 5 * 86_400_000),
    decidedAt: new Date(disbursedAt.getTime() - 3 * 86_400_000),
    amount,
    finalAmount: amount,
    purposeNote: "果园春季施肥",
    phone: phonePrefix + "0043",
    fullName: "郑春梅",
    idNumberMasked: "370***********2446",
    region: "山东省烟台市栖霞市",
    village: "松山街道郑家村",
    disbursementChannel: "passbook",
    passbookBank: "栖霞农商银行",
    passbookAccountEnc: encryptField(secretKey, "bank_account", "6230521234561234"),
    passbookAccountMasked: "6230 **** **** 1234",
    loanId: loan.id,
  });
  await payOutLoanThroughSandbox(db, { operatorId, loanId: loan.id, actor: { userId: finance.id, roles: ["finance"] }, secretKey, now: disbursedAt, smsFor: withInbox(createSmsRecorder(secretKey)) });
}

/** A demo investor (the overdue loan's, or the transfer demo's): real-named, assessed, and an amount in the wallet (once). */
type DemoFunderIdentity = { legalName: string; idFirst17: string; topUpKey: string; memo: string };
const COLLECTIONS_FUNDER: DemoFunderIdentity = {
  legalName: "刘出借",
  idFirst17: "41010219850615123",
  topUpKey: "demo-seed:collections-funder-top-up",
  memo: "演示数据：逾期演示借款的出借资金 Demo data: funds for the overdue demo loan",
};

async function readyDemoFunder(db: Db, input: { operatorId: string; funderId: string; amount: string; secretKey: Uint8Array; at: Date; who?: DemoFunderIdentity }): Promise<void> {
  const who = input.who ?? COLLECTIONS_FUNDER;
  const { operatorId, amount, secretKey } = input;
  const funder = { id: input.funderId };
  const [profile] = await db.select({ userId: investorProfiles.userId }).from(investorProfiles).where(eq(investorProfiles.userId, funder.id));
  if (!profile) {
    const first17 = who.idFirst17;
    await registerInvestor(db, {
      operatorId,
      userId: funder.id,
      legalName: who.legalName,
      idNumber: first17 + residentIdCheckChar(first17),
      bankCode: "ICBC",
      bankCard: "6222021234567894",
      consentedAgreements: ["investor-service", "risk-disclosure", "custody-authorisation"],
      secretKey,
      clientIp: "demo-seed",
    });
    await submitRiskAssessment(db, { operatorId, userId: funder.id, answers: { age: "b", income: "d", share: "a", experience: "d", horizon: "d", loss: "d", reaction: "d" } });
  }
  const clearing = await openAccount(db, { operatorId, ...chart.clearingCard() });
  const wallet = await openAccount(db, { operatorId, ...chart.walletAvailable(funder.id) });
  await postEntry(db, {
    operatorId,
    idempotencyKey: who.topUpKey,
    kind: "top_up",
    memo: who.memo,
    cause: { type: "top_up", id: who.topUpKey.replace("demo-seed:", "demo-seed-") },
    postedBy: { system: "demo-seed" },
    postings: [
      { accountId: clearing.id, amountCny: amount },
      { accountId: wallet.id, amountCny: `-${amount}` },
    ],
    now: input.at,
  });
  // The card money reaches custody the same day (the sandbox bank's statement books Stripe's payout), before it is lent.
  await importSandboxCustodyStatement(db, { operatorId, date: beijingDate(input.at), actor: { system: "demo-seed" }, now: new Date(input.at.getTime() + 30 * 60_000) });
}
