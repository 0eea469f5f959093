import { and, eq, or } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { debtTransfers, investorProfiles, loans, operators } from "../../db/schema";
import { Cny } from "../ledger/money";
import { beijingDate, chineseDate } from "../shared/calendar";
import { DomainError } from "../shared/errors";
import { isUuid } from "../shared/ids";
import { formatPercent } from "../shared/percent";
import { renderPdf } from "../shared/pdf";
import { yuanText } from "../shared/money-text";

export interface TransferAgreement {
  agreementNo: string;
  operatorNameZh: string;
  sellerName: string;
  sellerIdMasked: string;
  buyerName: string;
  buyerIdMasked: string;
  loanTitleZh: string;
  annualRate: string;
  principal: string;
  accruedInterest: string;
  priceRate: string;
  price: string;
  fee: string;
  proceeds: string;
  transferredOn: string;
  /** Which side asked for it: the seller sees their proceeds, both see the same terms. */
  side: "seller" | "buyer";
}

/**
 * The agreement (债权转让协议) of a sold transfer, for either party and no one else: both named by
 * their real name and masked ID, the loan, the principal, the seller's accrued interest in the price,
 * the price, the seller's fee and proceeds, and the day interest passes to the buyer.
 */
export async function getTransferAgreement(db: DbOrTx, input: { operatorId: string; userId: string; transferId: string }): Promise<TransferAgreement> {
  if (!isUuid(input.transferId)) throw new DomainError("transfer.not_found");
  const [row] = await db
    .select({ t: debtTransfers, loan: loans, operatorNameZh: operators.nameZh })
    .from(debtTransfers)
    .innerJoin(loans, eq(loans.id, debtTransfers.loanId))
    .innerJoin(operators, eq(operators.id, debtTransfers.operatorId))
    .where(and(eq(debtTransfers.operatorId, input.operatorId), eq(debtTransfers.id, input.transferId), eq(debtTransfers.status, "sold"), or(eq(debtTransfers.sellerUserId, input.userId), eq(debtTransfers.buyerUserId, input.userId))));
  if (!row) throw new DomainError("transfer.not_found");
  const { t, loan } = row;
  const profile = async (userId: string) => (await db.select().from(investorProfiles).where(eq(investorProfiles.userId, userId)))[0];
  const seller = await profile(t.sellerUserId);
  const buyer = await profile(t.buyerUserId!);
  return {
    agreementNo: `ZR${t.id.replace(/-/g, "").slice(0, 12)}`.toUpperCase(),
    operatorNameZh: row.operatorNameZh,
    sellerName: seller?.legalName ?? "",
    sellerIdMasked: seller?.idNumberMasked ?? "",
    buyerName: buyer?.legalName ?? "",
    buyerIdMasked: buyer?.idNumberMasked ?? "",
    loanTitleZh: loan.titleZh,
    annualRate: formatPercent(loan.annualRate),
    principal: t.principal,
    accruedInterest: t.accruedInterest ?? "0.00",
    priceRate: formatPercent(t.priceRate),
    price: t.price!,
    fee: t.fee!,
    proceeds: new Cny(t.price!).minus(t.fee!).toFixed(2),
    transferredOn: beijingDate(t.soldAt!),
    side: t.sellerUserId === input.userId ? "seller" : "buyer",
  };
}

/** The agreement as an A4 PDF through the one PDF helper (embedded Chinese font). */
export async function transferAgreementPdf(a: TransferAgreement): Promise<Buffer> {
  return renderPdf({ title: `债权转让协议 ${a.agreementNo}`, margins: { top: 64, bottom: 56, left: 64, right: 64 } }, (pdf) => {
    pdf.fontSize(22).text("债权转让协议", { align: "center" });
    pdf.moveDown(0.3);
    pdf.fontSize(10).fillColor("#555555").text(`协议编号：${a.agreementNo}`, { align: "center" });
    pdf.fillColor("#000000").moveDown(1.2);
    pdf.fontSize(11);
    pdf.text(`转让方（甲方）：${a.sellerName}（居民身份证号 ${a.sellerIdMasked}）`, { lineGap: 4 });
    pdf.text(`受让方（乙方）：${a.buyerName}（居民身份证号 ${a.buyerIdMasked}）`, { lineGap: 4 });
    pdf.text(`平台：${a.operatorNameZh}普惠金融平台`, { lineGap: 4 });
    pdf.moveDown(0.8);
    const clauses = [
      `一、甲方将其在借款项目「${a.loanTitleZh}」（年化利率 ${a.annualRate}）中持有的本金债权${yuanText(a.principal)}转让给乙方，转让日为${chineseDate(a.transferredOn)}。`,
      `二、截至转让日该部分债权的应计利息${yuanText(a.accruedInterest)}归甲方所有，已计入转让价格；转让日之后借款人偿还的本金和利息按乙方持有的债权比例归乙方所有。`,
      `三、转让价格为本金加应计利息的 ${a.priceRate}，即${yuanText(a.price)}，由乙方在平台账户中一次付清。`,
      `四、平台按转让价格收取手续费${yuanText(a.fee)}，由甲方承担；甲方实收${yuanText(a.proceeds)}。`,
      "五、转让价款、债权变更与手续费在平台账务中以同一笔记账凭证同时完成；借款人的还款义务不因本次转让而改变。",
    ];
    for (const clause of clauses) pdf.text(clause, { lineGap: 6, align: "justify" }).moveDown(0.4);
    pdf.moveDown(2);
    pdf.text(`${a.operatorNameZh}普惠金融平台`, { align: "right" });
    pdf.text(`签订日期：${chineseDate(a.transferredOn)}`, { align: "right" });
    pdf.moveDown(2);
    pdf.fontSize(8.5).fillColor("#555555").text("本协议由双方在平台以电子方式确认，平台根据成交记录出具；双方身份信息按规定部分隐藏。", { lineGap: 2 });
  });
}
