import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { investorProfiles, userRoles, users } from "../../db/schema";
import { maskPhone } from "../shared/mask-phone";
import { maskIdNumber } from "../shared/resident-id";
import { DomainError } from "../shared/errors";
import { maskName } from "./identity-checks";

export interface InvestorAtCounter {
  userId: string;
  phoneMasked: string;
  /** Masked legal name, for the clerk to compare with the ID card shown. */
  nameMasked: string;
  idNumberMasked: string;
}

/** The clerk's lookup by phone: only real-named investors can be credited. */
export async function findInvestorAtCounter(db: DbOrTx, input: { operatorId: string; phone: string }): Promise<InvestorAtCounter> {
  const phone = input.phone.replace(/\s+/g, "");
  if (!/^1\d{10}$/.test(phone)) throw new DomainError("phone.invalid", { field: "phone" });
  const [row] = await db
    .select({ userId: users.id, phone: users.phone, legalName: investorProfiles.legalName, idNumberMasked: investorProfiles.idNumberMasked })
    .from(users)
    .innerJoin(investorProfiles, eq(investorProfiles.userId, users.id))
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "investor")))
    .where(and(eq(users.operatorId, input.operatorId), eq(users.phone, phone)));
  if (!row) throw new DomainError("topup.investor_not_found", { field: "phone" });
  return { userId: row.userId, phoneMasked: maskPhone(row.phone), nameMasked: maskName(row.legalName), idNumberMasked: maskIdNumber(row.idNumberMasked) };
}
