import { createHash } from "node:crypto";

/**
 * The investor agreements a person accepts when registering, versioned: a new version
 * is a new entry here (the old one stays, so what someone agreed to can still be shown),
 * and consent is recorded per version together with a hash of the text shown.
 */
export interface InvestorAgreement {
  code: string;
  version: string;
  titleZh: string;
  titleEn: string;
  /** Paragraphs. */
  bodyZh: string[];
  bodyEn: string[];
}

export const INVESTOR_AGREEMENTS: readonly InvestorAgreement[] = [
  {
    code: "investor-service",
    version: "2026-11-01",
    titleZh: "出借人服务协议",
    titleEn: "Lender service agreement",
    bodyZh: [
      "本平台为借款人与出借人提供信息撮合服务，不吸收公众存款，不设立资金池，不为出借提供担保，不承诺保本保息。",
      "出借人应以真实身份注册，并保证用于出借的资金来源合法。出借人只能向风险等级不高于其风险测评结果的借款项目出借。",
      "出借资金在募集期内冻结在出借人账户中；项目满标放款后形成出借人对借款人的债权；募集期结束未满标的，冻结资金全部解冻并通知出借人。",
      "借款人按期还款时，平台按出借份额分配本息，并按项目约定扣除平台服务费。",
    ],
    bodyEn: [
      "The platform matches borrowers and lenders. It takes no deposits, keeps no pool of funds, guarantees nothing and promises neither principal nor returns.",
      "Lenders register under their real identity and lend only money from lawful sources. A lender may fund only loans whose risk level is at or under their risk assessment.",
      "Money committed to a loan is reserved in the lender's wallet while the loan is funding; once the loan is fully funded and paid out, the lender holds a claim on the borrower. If the loan does not fill by its deadline, every reservation is released and the lender is told.",
      "Repayments are shared among lenders by their share of the loan, less the platform's service fee stated on the loan.",
    ],
  },
  {
    code: "risk-disclosure",
    version: "2026-11-01",
    titleZh: "出借风险揭示书",
    titleEn: "Lending risk disclosure",
    bodyZh: [
      "网络借贷存在借款人违约、逾期、提前还款及信息不对称等风险，出借人可能损失部分或全部本金和收益。",
      "历史收益不代表未来表现；预期收益仅为按合同利率的测算，不构成收益承诺。",
      "出借人应根据自身风险承受能力审慎决策，分散出借。",
    ],
    bodyEn: [
      "Online lending carries the risks of borrower default, late or early repayment and incomplete information; a lender may lose part or all of the principal and returns.",
      "Past returns do not predict future ones; expected returns are computed from the contract rate and are not a promise.",
      "Lend within your means, and spread your lending across loans.",
    ],
  },
  {
    code: "custody-authorisation",
    version: "2026-11-01",
    titleZh: "资金存管授权书",
    titleEn: "Custody authorisation",
    bodyZh: [
      "出借人授权存管银行根据平台指令，对出借人账户资金进行冻结、解冻、划转和提现至本人登记的银行卡。",
      "提现只能转入出借人本人实名登记的银行卡。",
    ],
    bodyEn: [
      "The lender authorises the custodian bank to reserve, release and transfer the lender's funds on the platform's instructions, and to pay withdrawals to the lender's registered card.",
      "Withdrawals are paid only to the card the lender registered under their own name.",
    ],
  },
];

export function getAgreement(code: string): InvestorAgreement | null {
  return INVESTOR_AGREEMENTS.find((a) => a.code === code) ?? null;
}

/** SHA-256 of the agreement's texts, recorded with each consent. */
export function agreementTextHash(agreement: InvestorAgreement): string {
  return createHash("sha256")
    .update(JSON.stringify([agreement.code, agreement.version, agreement.titleZh, agreement.bodyZh, agreement.titleEn, agreement.bodyEn]))
    .digest("hex");
}
