/**
 * What a loan is for: the one list, behind the database enum (schema.ts), the services,
 * the application form and product administration. It sits beside the schema because the
 * schema is the lowest layer (db/ imports nothing from services/), and it has no imports,
 * so client components can import it directly. Order is the order forms show them in.
 */
export const LOAN_PURPOSES = ["study", "livestock", "crops", "business", "consumer"] as const;
export type LoanPurpose = (typeof LOAN_PURPOSES)[number];

export function isLoanPurpose(value: string): value is LoanPurpose {
  return (LOAN_PURPOSES as readonly string[]).includes(value);
}
