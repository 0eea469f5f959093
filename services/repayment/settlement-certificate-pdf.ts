import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { loanApplications, loans, operators, settlementCertificates, users } from "../../db/schema";
import { renderPdf } from "../shared/pdf";
import { Cny } from "../ledger/money";
import { beijingDate, chineseDate } from "../shared/calendar";
import { DomainError } from "../shared/errors";
import { loanNumber } from "./describe-loan-repayment";
import { yuanText } from "../shared/money-text";

export interface SettlementCertificate {
  certificateNo: string;
  operatorNameZh: string;
  borrowerName: string;
  idNumberMasked: string;
  loanNo: string;
  loanTitleZh: string;
  amount: string;
  disbursedOn: string;
  settledOn: string;
  issuedOn: string;
  totalPrincipal: string;
  totalInterest: string;
  totalPenalty: string;
  totalPaid: string;
}

/**
 * The settlement certificate (结清证明) of a closed loan, as issued when it was paid off.
 * `borrowerUserId` restricts it to the loan's borrower (the clerk of the operator passes
 * none). A loan not (yet) settled, or not theirs, is `certificate.not_settled`.
 */
export async function getSettlementCertificate(
  db: DbOrTx,
  input: { operatorId: string; loanId: string; borrowerUserId?: string },
): Promise<SettlementCertificate> {
  if (!/^[0-9a-f-]{36}$/i.test(input.loanId)) throw new DomainError("certificate.not_settled");
  const [row] = await db
    .select({ cert: settlementCertificates, loan: loans, operatorNameZh: operators.nameZh })
    .from(settlementCertificates)
    .innerJoin(loans, eq(loans.id, settlementCertificates.loanId))
    .innerJoin(operators, eq(operators.id, loans.operatorId))
    .where(and(eq(settlementCertificates.loanId, input.loanId), eq(settlementCertificates.operatorId, input.operatorId), eq(loans.status, "closed")));
  if (!row || (input.borrowerUserId && row.loan.borrowerUserId !== input.borrowerUserId)) throw new DomainError("certificate.not_settled");
  const [app] = await db
    .select({ id: loanApplications.id, fullName: loanApplications.fullName, idNumberMasked: loanApplications.idNumberMasked })
    .from(loanApplications)
    .where(eq(loanApplications.loanId, row.loan.id))
    .limit(1);
  const [user] = await db.select({ name: users.name }).from(users).where(eq(users.id, row.loan.borrowerUserId));
  const { cert, loan } = row;
  return {
    certificateNo: cert.certificateNo,
    operatorNameZh: row.operatorNameZh,
    borrowerName: app?.fullName ?? user?.name ?? "—",
    idNumberMasked: app?.idNumberMasked ?? "—",
    loanNo: loanNumber(loan, app?.id ?? null),
    loanTitleZh: loan.titleZh,
    amount: loan.amount,
    disbursedOn: loan.disbursedAt ? beijingDate(loan.disbursedAt) : "—",
    settledOn: cert.settledOn,
    issuedOn: beijingDate(cert.issuedAt),
    totalPrincipal: cert.totalPrincipal,
    totalInterest: cert.totalInterest,
    totalPenalty: cert.totalPenalty,
    totalPaid: new Cny(cert.totalPrincipal).plus(cert.totalInterest).plus(cert.totalPenalty).toFixed(2),
  };
}

const yuan = yuanText;

/** The certificate as an A4 PDF with the embedded Chinese font (the agreement PDFs' approach). */
export async function settlementCertificatePdf(c: SettlementCertificate): Promise<Buffer> {
  return renderPdf({ title: `结清证明 ${c.certificateNo}`, margins: { top: 64, bottom: 56, left: 64, right: 64 } }, (pdf) => {
    pdf.fontSize(22).text("结清证明", { align: "center" });
    pdf.moveDown(0.3);
    pdf.fontSize(10).fillColor("#555555").text(`证明编号：${c.certificateNo}`, { align: "center" });
    pdf.fillColor("#000000").moveDown(1.2);
    pdf.fontSize(12).text(
      `兹证明借款人 ${c.borrowerName}（居民身份证号 ${c.idNumberMasked}）通过${c.operatorNameZh}普惠金融平台借入的借款（借款编号 ${c.loanNo}，${c.loanTitleZh}），借款金额${yuan(c.amount)}，已于${chineseDate(c.settledOn)}全部结清。该笔借款项下的本金、利息及逾期罚息均已还清，借款人与出借人之间就该笔借款不再存在任何债权债务关系。`,
      { lineGap: 6, align: "justify" },
    );
    pdf.moveDown(1);
    const rows: [string, string][] = [
      ["借款编号", c.loanNo],
      ["借款金额", yuan(c.amount)],
      ["放款日期", chineseDate(c.disbursedOn)],
      ["结清日期", chineseDate(c.settledOn)],
      ["已还本金", yuan(c.totalPrincipal)],
      ["已还利息", yuan(c.totalInterest)],
      ["已还罚息", yuan(c.totalPenalty)],
      ["还款合计", yuan(c.totalPaid)],
    ];
    pdf.fontSize(11);
    for (const [label, value] of rows) pdf.text(`${label}：${value}`, { lineGap: 4 });
    pdf.moveDown(2);
    pdf.text(`${c.operatorNameZh}普惠金融平台`, { align: "right" });
    pdf.text(`出具日期：${chineseDate(c.issuedOn)}`, { align: "right" });
    pdf.moveDown(2);
    pdf.fontSize(8.5).fillColor("#555555").text("本证明由平台根据还款记录自动出具，证明编号可向平台核验。", { lineGap: 2 });
  });
}
