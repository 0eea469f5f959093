import { asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { agreementConsents, agreementSignatures, investments, investorProfiles, loanApplications, loanInstallments, loans, riskAssessments, userRoles, users } from "../../db/schema";
import { recordAudit } from "../audit";
import { getInvestorStatement } from "../investing";
import { chart, getAccountByCode, getBalance } from "../ledger";
import { maskName } from "../shared/mask-name";
import { maskPhone } from "../shared/mask-phone";

/** The version of the export's layout, so a reader knows which fields to expect. */
export const PERSONAL_DATA_EXPORT_VERSION = 1;

type Row = Record<string, unknown>;

export interface PersonalDataExport {
  format: "personal-data-export";
  version: number;
  exportedAt: string;
  profile: Row;
  applications: Row[];
  loans: Row[];
  investments: Row[];
  /** The wallet statement (posted money) and what investments or withdrawals reserve of it now. */
  wallet: { opening: string; closing: string; reservedNow: string; truncated: boolean; lines: Row[] };
  consents: Row[];
  signedAgreements: Row[];
  riskAssessments: Row[];
}

/**
 * Everything the portal holds about the person (PIPL art. 45), as one JSON document: profile,
 * applications, loans with their schedules, investments, the wallet statement, agreements
 * consented to or signed, risk assessments. Their own ID and account numbers appear masked
 * as on every page (the full numbers are sealed); other people appear only masked (a borrower
 * named on an investment is 王*明). Money is text to the fen. Each export is audited.
 */
export async function exportPersonalData(db: DbOrTx, input: { operatorId: string; userId: string; now?: Date }): Promise<PersonalDataExport> {
  const now = input.now ?? new Date();
  const { operatorId, userId } = input;
  const statement = await getInvestorStatement(db, { operatorId, userId, from: null, to: null });
  const result: PersonalDataExport = {
    format: "personal-data-export",
    version: PERSONAL_DATA_EXPORT_VERSION,
    exportedAt: now.toISOString(),
    profile: await profileOf(db, userId),
    applications: await applicationsOf(db, userId),
    loans: await loansOf(db, userId),
    investments: await investmentsOf(db, userId),
    wallet: {
      opening: statement.opening,
      closing: statement.closing,
      reservedNow: await reservedNow(db, operatorId, userId),
      truncated: statement.truncated,
      lines: statement.lines.map((l) => ({ at: l.createdAt.toISOString(), kind: l.kind, memo: l.memo, change: l.changeCny.toFixed(2), balance: l.balanceCny.toFixed(2) })),
    },
    ...(await agreementsOf(db, userId)),
    riskAssessments: await db
      .select({ questionnaireVersion: riskAssessments.questionnaireVersion, score: riskAssessments.score, grade: riskAssessments.grade, assessedAt: riskAssessments.assessedAt, expiresAt: riskAssessments.expiresAt })
      .from(riskAssessments)
      .where(eq(riskAssessments.userId, userId))
      .orderBy(asc(riskAssessments.assessedAt)),
  };
  await recordAudit(db, { operatorId, actorUserId: userId, action: "personal_data.exported", subject: userId }, now);
  return result;
}

async function profileOf(db: DbOrTx, userId: string): Promise<Row> {
  const [user] = await db.select({ phone: users.phone, name: users.name, registeredAt: users.createdAt }).from(users).where(eq(users.id, userId));
  const roles = await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId));
  const [investor] = await db
    .select({ legalName: investorProfiles.legalName, idNumberMasked: investorProfiles.idNumberMasked, bankCode: investorProfiles.bankCode, bankCardMasked: investorProfiles.bankCardMasked, verifiedAt: investorProfiles.verifiedAt })
    .from(investorProfiles)
    .where(eq(investorProfiles.userId, userId));
  return { ...user, roles: roles.map((r) => r.role), investorRealName: investor ?? null };
}

async function applicationsOf(db: DbOrTx, userId: string): Promise<Row[]> {
  const a = loanApplications;
  return db
    .select({
      id: a.id, channel: a.channel, status: a.status, amount: a.amount, termMonths: a.termMonths, purpose: a.purpose, purposeNote: a.purposeNote,
      fullName: a.fullName, idNumberMasked: a.idNumberMasked, birthDate: a.birthDate, phone: a.phone, region: a.region, village: a.village, address: a.address,
      disbursementChannel: a.disbursementChannel, passbookBank: a.passbookBank, passbookAccountMasked: a.passbookAccountMasked,
      supplierName: a.supplierName, supplierAccountMasked: a.supplierAccountMasked, householdSize: a.householdSize, annualIncome: a.annualIncome,
      incomeSource: a.incomeSource, consentAt: a.consentAt, submittedAt: a.submittedAt, finalAmount: a.finalAmount, rejectReasons: a.rejectReasons,
      decidedAt: a.decidedAt, repaymentChannel: a.repaymentChannel, loanId: a.loanId, signedAt: a.signedAt, createdAt: a.createdAt,
    })
    .from(a)
    .where(eq(a.borrowerUserId, userId))
    .orderBy(asc(a.createdAt));
}

async function loansOf(db: DbOrTx, userId: string): Promise<Row[]> {
  const rows = await db
    .select({ id: loans.id, title: loans.titleZh, amount: loans.amount, annualRate: loans.annualRate, termMonths: loans.termMonths, method: loans.method, status: loans.status, fundedAt: loans.fundedAt, disbursedAt: loans.disbursedAt, closedAt: loans.closedAt })
    .from(loans)
    .where(eq(loans.borrowerUserId, userId))
    .orderBy(asc(loans.createdAt));
  if (rows.length === 0) return [];
  const installments = await db
    .select({ loanId: loanInstallments.loanId, n: loanInstallments.n, dueDate: loanInstallments.dueDate, principal: loanInstallments.principal, interest: loanInstallments.interest, principalPaid: loanInstallments.principalPaid, interestPaid: loanInstallments.interestPaid, penaltyPaid: loanInstallments.penaltyPaid, status: loanInstallments.status, paidAt: loanInstallments.paidAt })
    .from(loanInstallments)
    .where(inArray(loanInstallments.loanId, rows.map((r) => r.id)))
    .orderBy(asc(loanInstallments.n));
  return rows.map((loan) => ({ ...loan, installments: installments.filter((i) => i.loanId === loan.id).map(({ loanId: _, ...i }) => i) }));
}

async function investmentsOf(db: DbOrTx, userId: string): Promise<Row[]> {
  const rows = await db
    .select({ id: investments.id, loanId: investments.loanId, loanTitle: loans.titleZh, borrowerName: users.name, borrowerPhone: users.phone, amount: investments.amount, status: investments.status, createdAt: investments.createdAt, resolvedAt: investments.resolvedAt })
    .from(investments)
    .innerJoin(loans, eq(loans.id, investments.loanId))
    .innerJoin(users, eq(users.id, loans.borrowerUserId))
    .where(eq(investments.investorUserId, userId))
    .orderBy(asc(investments.createdAt));
  // The borrower is another person: named only masked.
  return rows.map(({ borrowerName, borrowerPhone, ...r }) => ({ ...r, borrower: borrowerName ? maskName(borrowerName) : maskPhone(borrowerPhone) }));
}

async function agreementsOf(db: DbOrTx, userId: string): Promise<{ consents: Row[]; signedAgreements: Row[] }> {
  const consents = await db
    .select({ agreementCode: agreementConsents.agreementCode, agreementVersion: agreementConsents.agreementVersion, textHash: agreementConsents.textHash, consentedAt: agreementConsents.consentedAt })
    .from(agreementConsents)
    .where(eq(agreementConsents.userId, userId))
    .orderBy(asc(agreementConsents.consentedAt));
  const signedAgreements = await db
    .select({ applicationId: agreementSignatures.applicationId, kind: agreementSignatures.kind, title: agreementSignatures.title, templateVersion: agreementSignatures.templateVersion, signedAt: agreementSignatures.signedAt })
    .from(agreementSignatures)
    .innerJoin(loanApplications, eq(loanApplications.id, agreementSignatures.applicationId))
    .where(eq(loanApplications.borrowerUserId, userId))
    .orderBy(asc(agreementSignatures.signedAt));
  return { consents, signedAgreements };
}

async function reservedNow(db: DbOrTx, operatorId: string, userId: string): Promise<string> {
  const account = await getAccountByCode(db, { operatorId, code: chart.walletAvailable(userId).code });
  if (!account) return "0.00";
  return (await getBalance(db, { operatorId, accountId: account.id })).pendingOutCny.toFixed(2);
}
