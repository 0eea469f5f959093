import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { investments, investorProfiles, loans, operators, users } from "../../db/schema";
import { Cny } from "../ledger/money";
import { beijingDate } from "../shared/calendar";
import { DomainError } from "../shared/errors";
import { maskName } from "../shared/mask-name";
import { formatPercent } from "../shared/percent";
import { renderPdf } from "../shared/pdf";
import { yuanText } from "../shared/money-text";

/** What each investment's status means on the certificate. */
const STATUS_ZH = { pending: "募集中（资金已冻结）", confirmed: "已出借", voided: "已解冻" } as const;
const METHOD_ZH = { "interest-only": "按月付息、到期还本", "equal-principal": "等额本金", "equal-installment": "等额本息" } as const;

export interface InvestmentCertificate {
  certificateNo: string;
  operatorNameZh: string;
  investorName: string;
  investorIdMasked: string;
  borrowerNameMasked: string;
  loanTitleZh: string;
  loanAmount: string;
  annualRate: string;
  termMonths: number;
  methodZh: string;
  lines: { investedOn: string; amount: string; statusZh: string }[];
  totalLent: string;
  issuedOn: string;
}

/**
 * The investor's certificate (出借凭证) for their investments in one loan: it names them
 * (the real name and masked ID of 实名认证), the borrower only masked, the loan's terms and
 * each investment with its status. Only the investor's own: anything else is not found.
 */
export async function getInvestmentCertificate(db: DbOrTx, input: { operatorId: string; investorUserId: string; loanId: string; now?: Date }): Promise<InvestmentCertificate> {
  if (!/^[0-9a-f-]{36}$/i.test(input.loanId)) throw new DomainError("investment.not_found");
  const rows = await db
    .select({ investment: investments, loan: loans, operatorNameZh: operators.nameZh })
    .from(investments)
    .innerJoin(loans, eq(loans.id, investments.loanId))
    .innerJoin(operators, eq(operators.id, loans.operatorId))
    .where(and(eq(investments.operatorId, input.operatorId), eq(investments.loanId, input.loanId), eq(investments.investorUserId, input.investorUserId)))
    .orderBy(asc(investments.createdAt));
  const [profile] = await db.select().from(investorProfiles).where(eq(investorProfiles.userId, input.investorUserId));
  if (rows.length === 0 || !profile) throw new DomainError("investment.not_found");
  const { loan, operatorNameZh } = rows[0]!;
  const [borrower] = await db.select({ name: users.name }).from(users).where(eq(users.id, loan.borrowerUserId));
  const lent = rows.filter((r) => r.investment.status !== "voided").reduce((sum, r) => sum.plus(r.investment.amount), new Cny(0));
  return {
    certificateNo: `CJ${loan.id.replace(/-/g, "").slice(0, 8)}${input.investorUserId.replace(/-/g, "").slice(0, 8)}`.toUpperCase(),
    operatorNameZh,
    investorName: profile.legalName,
    investorIdMasked: profile.idNumberMasked,
    borrowerNameMasked: maskName(borrower?.name ?? null),
    loanTitleZh: loan.titleZh,
    loanAmount: loan.amount,
    annualRate: formatPercent(loan.annualRate),
    termMonths: loan.termMonths,
    methodZh: METHOD_ZH[loan.method],
    lines: rows.map((r) => ({ investedOn: beijingDate(r.investment.createdAt), amount: r.investment.amount, statusZh: STATUS_ZH[r.investment.status] })),
    totalLent: lent.toFixed(2),
    issuedOn: beijingDate(input.now ?? new Date()),
  };
}

/** The certificate as an A4 PDF through the one PDF helper (embedded Chinese font). */
export async function investmentCertificatePdf(c: InvestmentCertificate): Promise<Buffer> {
  return renderPdf({ title: `出借凭证 ${c.certificateNo}`, margins: { top: 64, bottom: 56, left: 64, right: 64 } }, (pdf) => {
    pdf.fontSize(22).text("出借凭证", { align: "center" });
    pdf.moveDown(0.3);
    pdf.fontSize(10).fillColor("#555555").text(`凭证编号：${c.certificateNo}`, { align: "center" });
    pdf.fillColor("#000000").moveDown(1.2);
    pdf.fontSize(12).text(
      `兹证明出借人 ${c.investorName}（居民身份证号 ${c.investorIdMasked}）通过${c.operatorNameZh}普惠金融平台向借款人 ${c.borrowerNameMasked} 出借资金，项目「${c.loanTitleZh}」，有效出借金额合计${yuanText(c.totalLent)}。`,
      { lineGap: 6, align: "justify" },
    );
    pdf.moveDown(1);
    const rows: [string, string][] = [
      ["项目", c.loanTitleZh],
      ["借款金额", yuanText(c.loanAmount)],
      ["年化利率", c.annualRate],
      ["期限", `${c.termMonths} 个月`],
      ["还款方式", c.methodZh],
    ];
    pdf.fontSize(11);
    for (const [label, value] of rows) pdf.text(`${label}：${value}`, { lineGap: 4 });
    pdf.moveDown(0.8).text("出借明细：", { lineGap: 4 });
    for (const line of c.lines) pdf.text(`${line.investedOn}　${yuanText(line.amount)}　${line.statusZh}`, { lineGap: 4, indent: 12 });
    pdf.moveDown(2);
    pdf.text(`${c.operatorNameZh}普惠金融平台`, { align: "right" });
    pdf.text(`出具日期：${c.issuedOn}`, { align: "right" });
    pdf.moveDown(2);
    pdf.fontSize(8.5).fillColor("#555555").text("本凭证由平台根据出借记录自动出具；借款人信息按规定部分隐藏。", { lineGap: 2 });
  });
}
