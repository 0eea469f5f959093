import { DomainError } from "../shared/errors";

/** A store code as the operator prints it on receipts and reports: S001, ZZ-CG-01. */
export const STORE_CODE = /^[A-Z0-9][A-Z0-9-]{1,19}$/;
/** Names and addresses fit a receipt line and a phone screen. */
export const MAX_STORE_NAME_LENGTH = 40;
export const MAX_STORE_ADDRESS_LENGTH = 120;
export const MAX_STORE_REGION_LENGTH = 40;

export interface StoreFields {
  code: string;
  nameZh: string;
  nameEn: string;
  addressZh: string;
  regionZh: string;
}

/** One line of printable text, trimmed, required, at most `max` characters; else an error on `field`. */
function line(raw: string, field: string, max: number): string {
  const value = raw.trim();
  if (value === "" || [...value].length > max || /[\u0000-\u001f\u007f]/.test(value)) {
    throw new DomainError("store.invalid_field", { field, details: { max } });
  }
  return value;
}

/** The store's fields as typed, checked (the first bad one is reported beside its field). */
export function checkStoreFields(input: StoreFields): StoreFields {
  const code = input.code.trim().toUpperCase();
  if (!STORE_CODE.test(code)) throw new DomainError("store.invalid_code", { field: "code" });
  return {
    code,
    nameZh: line(input.nameZh, "nameZh", MAX_STORE_NAME_LENGTH),
    nameEn: line(input.nameEn, "nameEn", MAX_STORE_NAME_LENGTH),
    addressZh: line(input.addressZh, "addressZh", MAX_STORE_ADDRESS_LENGTH),
    regionZh: line(input.regionZh, "regionZh", MAX_STORE_REGION_LENGTH),
  };
}
