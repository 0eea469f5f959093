import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { investorProfiles, loanApplications, loans } from "../../db/schema";
import { contractNo as loanContractNo } from "../borrowing/agreement-context";
import { agreementPdf } from "../borrowing/agreement-pdf";
import { renderInvestorLoanAgreement } from "../borrowing/agreements";
import { buildSchedule } from "../lending";
import { Cny } from "../ledger/money";
import { beijingDate } from "../shared/calendar";
import { DomainError } from "../shared/errors";
import { maskName } from "../shared/mask-name";
import { expectedReturns } from "./expected-returns";
import { getInvestmentCertificate } from "./investment-certificate";

export interface InvestorContract {
  contractNo: string;
  title: string;
  content: string;
  documentHash: string;
  templateVersion: string;
}

/**
 * The investor's own copy of a loan's 借款协议: they are the lender, named with the one name
 * mask and their masked ID, the borrower masked likewise, the amount they lent (voided
 * investments excluded), the loan's rate and term, and their expected share of the schedule
 * (dated once the loan is paid out). Only the investor's own; none lent: not found.
 */
export async function getInvestorContract(db: DbOrTx, input: { operatorId: string; investorUserId: string; loanId: string; now?: Date }): Promise<InvestorContract> {
  const certificate = await getInvestmentCertificate(db, input);
  if (new Cny(certificate.totalLent).isZero()) throw new DomainError("investment.not_found");
  const [row] = await db.select({ loan: loans, borrowerIdMasked: loanApplications.idNumberMasked }).from(loans).leftJoin(loanApplications, eq(loanApplications.id, loans.applicationId)).where(eq(loans.id, input.loanId));
  const [profile] = await db.select({ idMasked: investorProfiles.idNumberMasked }).from(investorProfiles).where(eq(investorProfiles.userId, input.investorUserId));
  if (!row || !profile) throw new DomainError("investment.not_found");
  const { loan } = row;
  const disbursedOn = loan.disbursedAt ? beijingDate(loan.disbursedAt) : null;
  const schedule = buildSchedule({ principalCny: new Cny(loan.amount).toFixed(2), annualRate: loan.annualRate, termMonths: loan.termMonths, method: loan.method, ...(disbursedOn ? { startDate: disbursedOn } : {}) });
  const share = expectedReturns({ schedule, loanAmountCny: loan.amount, principalCny: certificate.totalLent, serviceFeeRate: loan.serviceFeeRate });
  const contractNo = `${loanContractNo({ id: loan.applicationId ?? loan.id })}-${input.investorUserId.replace(/-/g, "").slice(0, 6).toUpperCase()}`;
  const rendered = renderInvestorLoanAgreement({
    operatorNameZh: certificate.operatorNameZh,
    contractNo,
    date: beijingDate(input.now ?? new Date()),
    lender: { nameMasked: maskName(certificate.investorName), idMasked: profile.idMasked },
    borrower: { nameMasked: certificate.borrowerNameMasked, idMasked: row.borrowerIdMasked ?? "—" },
    loan: { titleZh: loan.titleZh, amount: loan.amount, annualRate: loan.annualRate, termMonths: loan.termMonths, method: loan.method, serviceFeeRate: loan.serviceFeeRate, penaltyDailyRate: loan.penaltyDailyRate, disbursedOn },
    lentAmount: certificate.totalLent,
    schedule: share.installments,
    scheduleTotals: share.totals,
  });
  return { contractNo, ...rendered };
}

/** The contract as a PDF through the agreements' PDF layout, its footer the text's hash. */
export async function investorContractPdf(contract: InvestorContract): Promise<Buffer> {
  return agreementPdf({ title: contract.title, content: contract.content, footer: `合同编号 ${contract.contractNo} · 模板 ${contract.templateVersion} · 文本摘要 SHA-256 ${contract.documentHash}` });
}
