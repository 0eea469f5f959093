import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { borrowingSettings, operators } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { DEFAULT_BORROWING_SETTINGS } from "../borrowing";
import { createDefaultTeams } from "../collections/create-default-teams";
import { chart, openAccount } from "../ledger";
import { forgetOperators } from "../operators";
import { DomainError } from "../shared/errors";
import { defaultLogoDataUrl, deriveBrandColours, HEX_COLOUR } from "./brand-colours";

/**
 * Onboards an operator (运营商) without SQL: its brand, its chart of accounts, and its
 * compliance profile (the borrowing settings: LPR, legal cap multiple, exposure cap, …) at
 * the defaults, in one transaction. Idempotent: the same command again changes nothing; the
 * same slug with other names is refused (names change in the admin console, audited).
 */
export const OPERATOR_SLUG = /^[a-z][a-z0-9-]{1,29}$/;
/** Names on a 360-px header: the Chinese name fits at 20 characters, the English at 60. */
export const MAX_NAME_ZH_CHARS = 20;
export const MAX_NAME_EN_CHARS = 60;
/** Every operator's books hold these from the start; per-store and per-user accounts open later. */
const OPERATOR_ACCOUNTS = [chart.custodyBank(), chart.clearingCard(), chart.clearingPassbook(), chart.clearingPhonebill(), chart.revenueServiceFee(), chart.revenuePenalty(), chart.expenseChannelFee()];
const DEFAULT_PRIMARY = "#1d5bbf";

export interface AddOperatorInput {
  slug: string;
  nameZh: string;
  nameEn: string;
  brandPrimary?: string;
  /** Who ran it: a platform administrator's user id, or a command-line run. */
  actor: { userId: string } | { system: string };
}

function check(input: AddOperatorInput): Required<Omit<AddOperatorInput, "actor">> {
  const slug = input.slug.trim();
  const nameZh = input.nameZh.trim();
  const nameEn = input.nameEn.trim();
  const brandPrimary = (input.brandPrimary ?? DEFAULT_PRIMARY).trim().toLowerCase();
  if (!OPERATOR_SLUG.test(slug)) throw new DomainError("operator.invalid_slug", { field: "slug" });
  if (!nameZh || Array.from(nameZh).length > MAX_NAME_ZH_CHARS || !/\p{Script=Han}/u.test(nameZh) || /\p{Cc}/u.test(nameZh)) {
    throw new DomainError("operator.invalid_name", { field: "nameZh" });
  }
  if (!nameEn || nameEn.length > MAX_NAME_EN_CHARS || !/^[\x20-\x7e]+$/.test(nameEn)) throw new DomainError("operator.invalid_name", { field: "nameEn" });
  if (!HEX_COLOUR.test(brandPrimary)) throw new DomainError("operator.invalid_colour", { field: "brandPrimary" });
  return { slug, nameZh, nameEn, brandPrimary };
}

export async function addOperator(db: Db, input: AddOperatorInput): Promise<{ operatorId: string; created: boolean }> {
  const values = check(input);
  const result = await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(operators)
      .values({ ...values, ...deriveBrandColours(values.brandPrimary), logoPath: defaultLogoDataUrl(values.nameZh, values.brandPrimary) })
      .onConflictDoNothing({ target: operators.slug })
      .returning({ id: operators.id });
    const [row] = await tx.select().from(operators).where(eq(operators.slug, values.slug));
    if (!row) throw new Error(`operator ${values.slug} vanished after insert`);
    if (!inserted[0] && (row.nameZh !== values.nameZh || row.nameEn !== values.nameEn)) {
      throw new DomainError("operator.slug_taken", { field: "slug" });
    }
    for (const spec of OPERATOR_ACCOUNTS) await openAccount(tx, { operatorId: row.id, ...spec });
    await tx.insert(borrowingSettings).values({ operatorId: row.id, ...DEFAULT_BORROWING_SETTINGS }).onConflictDoNothing();
    // Its collection teams (early 1–30 days, senior 31+), empty until the admin adds collectors.
    await createDefaultTeams(tx, { operatorId: row.id, actorUserId: "userId" in input.actor ? input.actor.userId : null });
    if (inserted[0]) {
      const actorUserId = "userId" in input.actor ? input.actor.userId : null;
      await recordAudit(tx, { operatorId: row.id, actorUserId, action: "operator.created", subject: values.slug, details: { ...values, by: "system" in input.actor ? input.actor.system : "user" } });
    }
    return { operatorId: row.id, created: Boolean(inserted[0]) };
  });
  // The root page of this process lists the new operator at once (others within the cache's TTL).
  if (result.created) forgetOperators();
  return result;
}
