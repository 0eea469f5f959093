import { autoInvestRules } from "../../db/schema";

/** An auto-invest rule as stored (rates as fractions, money as numeric strings). */
export type AutoInvestRule = typeof autoInvestRules.$inferSelect;
