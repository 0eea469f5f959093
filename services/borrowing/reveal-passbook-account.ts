import type { Application } from "./access";
import { decryptField } from "../shared/crypto/field-encryption";
import { ACCOUNT_PURPOSE } from "./sealed-fields";

/** Decrypts the passbook account for a page that must show it to its owner in full (never stored in clear). */
export function revealPassbookAccount(app: Application, secretKey: Uint8Array): string | null {
  return app.passbookAccountEnc ? decryptField(secretKey, ACCOUNT_PURPOSE, app.passbookAccountEnc) : null;
}
