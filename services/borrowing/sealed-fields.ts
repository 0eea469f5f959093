/** The purposes a borrower's sealed fields are encrypted under (crypto.ts derives one key per purpose). */
export const ID_PURPOSE = "id_number";
export const ACCOUNT_PURPOSE = "bank_account";
