import type { riskListEntries } from "../../db/schema";
import { PHONE_PATTERN } from "../identity/phone";
import { DomainError } from "../shared/errors";
import { maskIdNumber, parseResidentId } from "../shared/resident-id";
import { maskPhone } from "../shared/mask-phone";

export type RiskList = "black" | "red";
export type RiskListKind = "id_number" | "phone" | "device";
export type RiskListEntry = typeof riskListEntries.$inferSelect;

/** The value as it is matched: ID numbers upper-cased, phones bare, device ids as given. */
export function normaliseListValue(kind: RiskListKind, raw: string): { value: string; masked: string } {
  const value = raw.trim().replace(/\s/g, "");
  if (kind === "id_number") {
    // Lists may hold minors' or old numbers too: only the format and check digit matter here.
    const number = value.toUpperCase();
    try {
      parseResidentId(number, "2999-12-31");
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === "id_number.invalid_format" || error.code === "id_number.invalid_checksum") {
        throw new DomainError("risk_list.invalid", { field: "value" });
      }
    }
    return { value: number, masked: maskIdNumber(number) };
  }
  if (kind === "phone") {
    const phone = value.replace(/^\+?86/, "");
    if (!PHONE_PATTERN.test(phone)) throw new DomainError("risk_list.invalid", { field: "value" });
    return { value: phone, masked: maskPhone(phone) };
  }
  if (!/^[A-Za-z0-9_-]{8,64}$/.test(value)) throw new DomainError("risk_list.invalid", { field: "value" });
  return { value, masked: `${value.slice(0, 4)}…${value.slice(-4)}` };
}
