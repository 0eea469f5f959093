import { createHash } from "node:crypto";
import { formatPercent } from "../shared/percent";
import { amountInWords } from "./amount-in-words";
import type { Offer } from "./offer";
import { yuanText } from "../shared/money-text";
import { chineseDate } from "../shared/calendar";

/** The five agreements of the seed, in signing order. */
export const AGREEMENT_KINDS = ["loan", "service", "reminder", "debit", "risk"] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];

/**
 * The agreements a borrower signs for a repayment channel: the debit entrustment
 * (委托划扣协议书) only when they chose passbook debit — it authorises the bank to take
 * money from their passbook, which no other channel does.
 */
export function agreementKindsFor(repaymentChannel: string | null): AgreementKind[] {
  return AGREEMENT_KINDS.filter((kind) => kind !== "debit" || repaymentChannel === "passbook_debit");
}

export const AGREEMENT_TITLES: Record<AgreementKind, string> = {
  loan: "借款协议",
  service: "信用咨询及管理服务协议",
  reminder: "还款事项提醒函",
  debit: "委托划扣协议书",
  risk: "风险获知及承诺书",
};

/**
 * Template versions. A wording change is a new version; a signature records the version
 * and the hash of the exact text signed, which is kept with it. v2 (2026-12): dates written
 * 2026年12月4日 instead of 2026-12-04.
 */
export const TEMPLATE_VERSIONS: Record<AgreementKind, string> = {
  loan: "loan-2026.12-v2",
  service: "service-2026.12-v2",
  reminder: "reminder-2026.12-v2",
  debit: "debit-2026.12-v2",
  risk: "risk-2026.12-v2",
};

export interface AgreementContext {
  operatorNameZh: string;
  contractNo: string;
  /** Beijing calendar date the agreement is dated. */
  date: string;
  borrower: { name: string; idMasked: string; phoneMasked: string; address: string };
  offer: Offer;
  purposeNote: string;
  disbursement: string;
  repayment: string;
  passbook: { bank: string; accountMasked: string };
}

export interface RenderedAgreement {
  kind: AgreementKind;
  title: string;
  templateVersion: string;
  content: string;
  documentHash: string;
}

const METHOD_ZH: Record<Offer["method"], string> = {
  "interest-only": "按月付息、到期还本",
  "equal-principal": "等额本金",
  "equal-installment": "等额本息",
};

const yuan = yuanText;

function scheduleLines(offer: Offer): string[] {
  return [
    "期数 | 应还日期 | 本金 | 利息 | 合计",
    ...offer.installments.map((i) => `第 ${i.n} 期 | 放款日后第 ${i.n} 个月同日 | ${i.principal} | ${i.interest} | ${i.payment}`),
    `合计 | — | ${offer.amount} | ${offer.totalInterest} | ${offer.totalRepay}`,
  ];
}

function parties(c: AgreementContext): string[] {
  return [
    `合同编号：${c.contractNo}`,
    `借款人（甲方）：${c.borrower.name}　身份证号：${c.borrower.idMasked}　手机：${c.borrower.phoneMasked}`,
    `住址：${c.borrower.address}`,
    `平台（丙方）：${c.operatorNameZh}普惠金融信息服务平台`,
  ];
}

/** 借款协议: the loan contract between borrower, investors and platform. */
function loanAgreementText(c: AgreementContext): string[] {
  const o = c.offer;
  return [
    ...parties(c),
    "出借人（乙方）：通过丙方平台出借资金的出借人，其名单及各自出借金额以丙方平台记录为准。",
    "",
    "第一条　借款金额与用途",
    `借款金额：${yuan(o.amount)}（大写：${amountInWords(o.amount)}）。`,
    `借款产品：${o.productNameZh}（${o.productCode}，第 ${o.productVersion} 版）。借款用途：${c.purposeNote}，不得挪作他用。`,
    "第二条　利率、期限与还款方式",
    `年利率 ${formatPercent(o.annualRate)}（月利率为年利率 ÷ 12），借款期限 ${o.termMonths} 个月，还款方式：${METHOD_ZH[o.method]}。`,
    `综合年化成本（按内部收益率计算，含全部费用）：${formatPercent(o.allInAnnualCost, 4)}，不超过法定上限 ${formatPercent(o.legalCap, 2)}。`,
    `应还本息合计 ${yuan(o.totalRepay)}，其中利息 ${yuan(o.totalInterest)}。借款人无需另行支付其他费用。`,
    "第三条　还款计划",
    "起息日为放款日，各期应还日为放款日之后每月的同一日（当月无该日的，为当月最后一日）：",
    ...scheduleLines(o),
    "第四条　放款",
    `借款在出借人资金募集满额后发放，发放方式：${c.disbursement}。募集期内未满额的，本协议自动终止，借款人不承担任何费用。`,
    "第五条　逾期",
    `借款人未按期足额还款的，自逾期之日起按逾期金额每日 ${formatPercent(o.penaltyDailyRate, 3)} 计收罚息，罚息与利息合计不超过法定上限。`,
    "第六条　其他",
    "本协议以电子方式签署，经借款人以短信验证码确认后生效，与纸质合同具有同等效力。",
    `签署日期：${chineseDate(c.date)}`,
  ];
}

/** 平台服务协议: what the platform does and charges. */
function serviceAgreementText(c: AgreementContext): string[] {
  const o = c.offer;
  return [
    ...parties(c),
    "",
    "第一条　服务内容",
    "丙方为借款人提供借款信息发布、信用咨询与评估、贷后管理及还款提醒等信息中介服务。丙方不提供担保，不承诺出借人本息。",
    "第二条　服务费",
    `丙方的平台服务费为每期利息的 ${formatPercent(o.serviceFeeRate)}，由出借人从所得利息中支付，借款人不另行支付服务费。`,
    "第三条　信息使用",
    "借款人同意丙方为审核借款申请向运营商核验其在网时长、话费欠费及实名信息，并查询黑名单、多头借贷信息。",
    "第四条　信息保护",
    "丙方对借款人的身份证号、银行账户等个人信息加密保存，仅用于本借款业务，不向无关第三方提供。",
    `借款金额：${yuan(o.amount)}；期限：${o.termMonths} 个月。`,
    `签署日期：${chineseDate(c.date)}`,
  ];
}

/** 还款提示书: the repayment reminder with the chosen channel and schedule. */
function reminderText(c: AgreementContext): string[] {
  const o = c.offer;
  return [
    `致借款人 ${c.borrower.name}：`,
    "",
    `您通过${c.operatorNameZh}普惠金融平台申请的借款（合同编号 ${c.contractNo}）金额为 ${yuan(o.amount)}，期限 ${o.termMonths} 个月，还款方式为${METHOD_ZH[o.method]}。`,
    `您选择的还款渠道：${c.repayment}。`,
    "请在每期应还日之前确保足额还款。平台将在应还日前三天和当天以短信提醒您。",
    `逾期将按日计收罚息（每日 ${formatPercent(o.penaltyDailyRate, 3)}），并可能影响您今后在平台借款。`,
    "如遇困难，请及时联系营业厅或平台客服，切勿向任何个人转账。",
    ...scheduleLines(o),
    `日期：${chineseDate(c.date)}`,
  ];
}

/** 代扣授权书: the passbook debit authorisation. */
function debitAuthorisationText(c: AgreementContext): string[] {
  const o = c.offer;
  return [
    ...parties(c),
    "",
    `委托人（借款人）${c.borrower.name} 授权丙方委托存管银行，在选择存折自动划扣还款时，于每期应还日从以下账户划扣当期应还款项：`,
    `开户行：${c.passbook.bank}　账号：${c.passbook.accountMasked}　户名：${c.borrower.name}`,
    `划扣金额以还款计划为准，本协议项下合计不超过 ${yuan(o.totalRepay)} 及逾期罚息。`,
    "账户余额不足的，当日不再重复划扣；借款人可在平台变更还款渠道，变更前已发起的划扣不受影响。",
    "本授权自签署之日起至借款结清之日止有效。",
    `签署日期：${chineseDate(c.date)}`,
  ];
}

/** 风险告知及承诺书: the borrower's risk confirmation. */
function riskConfirmationText(c: AgreementContext): string[] {
  const o = c.offer;
  return [
    `借款人：${c.borrower.name}　身份证号：${c.borrower.idMasked}`,
    "",
    "本人已知悉并承诺：",
    "一、本人提供的身份、联系、收入及家庭信息真实、完整，如有虚假，愿承担相应法律责任。",
    "二、本人在本平台及其他平台的借款余额合计不超过法规限额，本次借款未在其他平台重复申请。",
    "三、借款须用于申明用途，本人了解逾期还款将产生罚息，并影响个人信用。",
    `四、本人已阅读还款计划，应还本息合计 ${yuan(o.totalRepay)}，综合年化成本 ${formatPercent(o.allInAnnualCost, 4)}。`,
    "五、平台为信息中介，不吸收公众存款，不提供担保；营业厅仅协助收集资料、见证签约与收取还款，不推销借款。",
    `日期：${chineseDate(c.date)}`,
  ];
}

const TEXTS: Record<AgreementKind, (c: AgreementContext) => string[]> = {
  loan: loanAgreementText,
  service: serviceAgreementText,
  reminder: reminderText,
  debit: debitAuthorisationText,
  risk: riskConfirmationText,
};

/** Renders one agreement with the loan's terms; the hash is SHA-256 of the exact text. */
export function renderAgreement(kind: AgreementKind, context: AgreementContext): RenderedAgreement {
  const title = AGREEMENT_TITLES[kind];
  const content = [title, "", ...TEXTS[kind](context)].join("\n");
  return { kind, title, templateVersion: TEMPLATE_VERSIONS[kind], content, documentHash: createHash("sha256").update(content, "utf8").digest("hex") };
}

/** The agreements for the borrower's repayment channel (agreementKindsFor), rendered with the loan's terms. */
export function renderAgreements(context: AgreementContext, repaymentChannel: string | null): RenderedAgreement[] {
  return agreementKindsFor(repaymentChannel).map((kind) => renderAgreement(kind, context));
}

/** 借款协议（出借人版）: the loan agreement as one investor is party to it. A wording change is a new version. */
export const INVESTOR_LOAN_AGREEMENT_VERSION = "loan-investor-2026.12-v1";

export interface InvestorLoanAgreementContext {
  operatorNameZh: string;
  contractNo: string;
  /** Beijing calendar date the copy is issued. */
  date: string;
  lender: { nameMasked: string; idMasked: string };
  borrower: { nameMasked: string; idMasked: string };
  loan: { titleZh: string; amount: string; annualRate: string; termMonths: number; method: Offer["method"]; serviceFeeRate: string; penaltyDailyRate: string; disbursedOn: string | null };
  lentAmount: string;
  /** The lender's expected share of each installment (interest net of the service fee). */
  schedule: { n: number; dueDate?: string; principal: string; interest: string; total: string }[];
  scheduleTotals: { principal: string; interest: string; total: string };
}

/** The investor's copy of the 借款协议: they are the lender (乙方), the borrower is masked, the schedule is their share. */
export function renderInvestorLoanAgreement(c: InvestorLoanAgreementContext): Omit<RenderedAgreement, "kind"> {
  const l = c.loan;
  const title = "借款协议（出借人版）";
  const lines = [
    `合同编号：${c.contractNo}`,
    `出借人（乙方）：${c.lender.nameMasked}　身份证号：${c.lender.idMasked}`,
    `借款人（甲方）：${c.borrower.nameMasked}　身份证号：${c.borrower.idMasked}`,
    `平台（丙方）：${c.operatorNameZh}普惠金融信息服务平台`,
    "",
    "第一条　借款与出借金额",
    `借款项目「${l.titleZh}」，借款总额 ${yuan(l.amount)}。乙方出借 ${yuan(c.lentAmount)}（大写：${amountInWords(c.lentAmount)}），按出借金额占借款总额的比例享有本协议项下的债权。`,
    "第二条　利率、期限与还款方式",
    `年利率 ${formatPercent(l.annualRate)}，借款期限 ${l.termMonths} 个月，还款方式：${METHOD_ZH[l.method]}。`,
    `丙方按每期利息的 ${formatPercent(l.serviceFeeRate)} 收取平台服务费，从乙方所得利息中扣除；下列预期回款已扣除服务费。`,
    "第三条　乙方预期回款计划",
    l.disbursedOn ? `起息日为放款日 ${chineseDate(l.disbursedOn)}：` : "起息日为放款日；放款前各期应还日以放款后的还款计划为准：",
    "期数 | 应还日期 | 本金 | 利息（扣除服务费后） | 合计",
    ...c.schedule.map((i) => `第 ${i.n} 期 | ${i.dueDate ? chineseDate(i.dueDate) : `放款日后第 ${i.n} 个月同日`} | ${i.principal} | ${i.interest} | ${i.total}`),
    `合计 | — | ${c.scheduleTotals.principal} | ${c.scheduleTotals.interest} | ${c.scheduleTotals.total}`,
    "第四条　逾期",
    `甲方未按期足额还款的，自逾期之日起按逾期金额每日 ${formatPercent(l.penaltyDailyRate, 3)} 计收罚息，按出借比例分配给各出借人。`,
    "第五条　其他",
    "本协议自借款满标放款之日起生效；募集期内未满标的，本协议自动终止，乙方冻结资金全部解冻。丙方为信息中介，不提供担保，不承诺保本保息。",
    "借款人信息按规定部分隐藏。本协议以电子方式订立，与纸质合同具有同等效力。",
    `出具日期：${chineseDate(c.date)}`,
  ];
  const content = [title, "", ...lines].join("\n");
  return { title, templateVersion: INVESTOR_LOAN_AGREEMENT_VERSION, content, documentHash: createHash("sha256").update(content, "utf8").digest("hex") };
}
