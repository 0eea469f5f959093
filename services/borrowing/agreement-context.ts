import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { stores } from "../../db/schema";
import { maskPhone } from "../shared/mask-phone";
import { DomainError } from "../shared/errors";
import type { Application } from "./access";
import type { AgreementContext } from "./agreements";
import type { Offer } from "./offer";

async function storeName(db: DbOrTx, storeId: string | null): Promise<string> {
  if (!storeId) return "";
  const [row] = await db.select({ name: stores.nameZh, address: stores.addressZh }).from(stores).where(eq(stores.id, storeId));
  return row ? `${row.name}（${row.address}）` : "";
}

/** The contract number printed on the agreements and their PDF names. */
export function contractNo(app: Pick<Application, "id">): string {
  return `JK${app.id.replace(/-/g, "").slice(0, 12).toUpperCase()}`;
}

/** Everything the agreements say about this loan, as of `date`. */
export async function agreementContext(db: DbOrTx, app: Application, input: { operatorNameZh: string; date: string }): Promise<AgreementContext> {
  const offer = app.offer as Offer | null;
  if (!offer) throw new DomainError("application.wrong_status", { details: { status: app.status } });
  const disbursement =
    app.disbursementChannel === "passbook"
      ? `转入借款人存折账户（${app.passbookBank} ${app.passbookAccountMasked}）`
      : app.disbursementChannel === "store_cash"
        ? `在营业厅领取现金：${await storeName(db, app.cashStoreId)}`
        : `代付采购款至供应商 ${app.supplierName}（账号 ${app.supplierAccountMasked}）`;
  const repayment =
    app.repaymentChannel === "passbook_debit"
      ? `存折自动划扣（${app.passbookBank} ${app.passbookAccountMasked}）`
      : app.repaymentChannel === "store_cash"
        ? `营业厅现金还款：${await storeName(db, app.repaymentStoreId)}`
        : app.repaymentChannel === "phone_bill"
          ? `话费账户划扣（手机 ${maskPhone(app.phone)}）`
          : "未选择";
  return {
    operatorNameZh: input.operatorNameZh,
    contractNo: contractNo(app),
    date: input.date,
    borrower: { name: app.fullName ?? "", idMasked: app.idNumberMasked ?? "", phoneMasked: maskPhone(app.phone), address: `${app.region ?? ""}${app.village ?? ""}${app.address ?? ""}` },
    offer,
    purposeNote: app.purposeNote ?? "",
    disbursement,
    repayment,
    passbook: { bank: app.passbookBank ?? "", accountMasked: app.passbookAccountMasked ?? "" },
  };
}
