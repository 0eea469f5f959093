import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { repaymentSettings } from "../../db/schema";
import { DEFAULT_ALLOCATION_ORDER, type Component } from "./allocate-payment";

export interface RepaymentSettings {
  allocationOrder: readonly Component[];
  /** Whether penalty interest is the platform's (revenue:penalty) or the investors'. */
  penaltyToPlatform: boolean;
  /** Reminder SMS this many days before a due date. */
  reminderDaysBefore: readonly number[];
  /** A failed passbook debit is raised again this many days after the due date. */
  passbookRetryDaysAfterDue: readonly number[];
  /** Collectors may contact borrowers from this hour (Beijing, inclusive) … */
  contactHourStart: number;
  /** … to this hour (exclusive). */
  contactHourEnd: number;
  contactsPerBorrowerPerDay: number;
}

/**
 * Defaults: the seeds' order (penalty, interest, principal); penalties to investors, who
 * carry the lateness; reminders three days and one day ahead; passbook retries on days
 * 1, 3 and 7 after the due date; contact 08:00–21:00, at most three attempts a day
 * (the collection-conduct rules operators impose on their partners).
 */
export const DEFAULT_REPAYMENT_SETTINGS: RepaymentSettings = {
  allocationOrder: DEFAULT_ALLOCATION_ORDER,
  penaltyToPlatform: false,
  reminderDaysBefore: [3, 1],
  passbookRetryDaysAfterDue: [1, 3, 7],
  contactHourStart: 8,
  contactHourEnd: 21,
  contactsPerBorrowerPerDay: 3,
};

export async function getRepaymentSettings(db: DbOrTx, operatorId: string): Promise<RepaymentSettings> {
  const [row] = await db.select().from(repaymentSettings).where(eq(repaymentSettings.operatorId, operatorId));
  if (!row) return DEFAULT_REPAYMENT_SETTINGS;
  return {
    allocationOrder: row.allocationOrder as Component[],
    penaltyToPlatform: row.penaltyToPlatform,
    reminderDaysBefore: row.reminderDaysBefore as number[],
    passbookRetryDaysAfterDue: row.passbookRetryDaysAfterDue as number[],
    contactHourStart: row.contactHourStart,
    contactHourEnd: row.contactHourEnd,
    contactsPerBorrowerPerDay: row.contactsPerBorrowerPerDay,
  };
}
