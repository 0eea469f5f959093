/** A bank account shown as **** 1234. */
export function maskAccount(account: string): string {
  return `**** ${account.slice(-4)}`;
}
