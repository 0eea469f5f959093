/**
 * The one phone mask, for pages, receipts, agreements and the files sent to an operator:
 * 138****5678, enough for the owner to recognise, not enough to dial. Anything that is not
 * an 11-digit mainland number (which the portal does not store, but a file or a legacy row
 * might hold) is shown as **** rather than in full.
 */
export function maskPhone(phone: string): string {
  return /^\d{11}$/.test(phone) ? `${phone.slice(0, 3)}****${phone.slice(7)}` : "****";
}
