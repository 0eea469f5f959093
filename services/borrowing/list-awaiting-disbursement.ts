import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { loanApplications, loans, stores } from "../../db/schema";
import type { DisbursementChannel } from "./disburse-loan";

export interface DisbursementQueueItem {
  loanId: string;
  applicationId: string;
  titleZh: string;
  amount: string;
  fundedAt: Date | null;
  channel: DisbursementChannel;
  payee: string;
  borrowerName: string | null;
  storeId: string | null;
}

/** Funded loans waiting to be paid out; `channels` filters (finance: passbook and supplier; a store: its cash). */
export async function listAwaitingDisbursement(db: DbOrTx, input: { operatorId: string; channels: DisbursementChannel[]; cashStoreId?: string }): Promise<DisbursementQueueItem[]> {
  const rows = await db
    .select({ loan: loans, app: loanApplications, store: stores.nameZh })
    .from(loans)
    .innerJoin(loanApplications, eq(loanApplications.loanId, loans.id))
    .leftJoin(stores, eq(stores.id, loanApplications.cashStoreId))
    .where(
      and(
        eq(loans.operatorId, input.operatorId),
        eq(loans.status, "funded"),
        inArray(loanApplications.disbursementChannel, input.channels),
        input.cashStoreId ? eq(loanApplications.cashStoreId, input.cashStoreId) : sql`true`,
      ),
    )
    .orderBy(asc(loans.fundedAt));
  return rows.map(({ loan, app, store }) => ({
    loanId: loan.id,
    applicationId: app.id,
    titleZh: loan.titleZh,
    amount: loan.amount,
    fundedAt: loan.fundedAt,
    channel: app.disbursementChannel!,
    payee:
      app.disbursementChannel === "passbook" ? `${app.passbookBank} ${app.passbookAccountMasked}` : app.disbursementChannel === "supplier" ? `${app.supplierName} ${app.supplierAccountMasked}` : (store ?? ""),
    borrowerName: app.fullName,
    storeId: app.cashStoreId,
  }));
}
