import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { operators } from "../../db/schema";

/** What pages may know of an operator: its brand and framing origins, never its secrets. */
export interface OperatorBrand {
  id: string;
  slug: string;
  nameZh: string;
  nameEn: string;
  logoPath: string;
  brandPrimary: string;
  brandPrimaryDark: string;
  brandAccent: string;
  frameAncestors: string[];
  /** The operator has an OpenID provider configured (its client settings stay in services/identity). */
  signOnAvailable: boolean;
  /** The origin of the operator's issuer (public): our forms may lead there (its sign-out). */
  signOnOrigin: string | null;
}

const brandColumns = {
  id: operators.id,
  slug: operators.slug,
  nameZh: operators.nameZh,
  nameEn: operators.nameEn,
  logoPath: operators.logoPath,
  brandPrimary: operators.brandPrimary,
  brandPrimaryDark: operators.brandPrimaryDark,
  brandAccent: operators.brandAccent,
  frameAncestors: operators.frameAncestors,
  issuer: operators.oidcIssuer,
  signOnAvailable: sql<boolean>`${and(isNotNull(operators.oidcIssuer), isNotNull(operators.oidcClientId), isNotNull(operators.oidcClientSecret))}`.mapWith(
    (value: unknown) => value === true || value === "t",
  ),
};

function toBrand({ issuer, ...row }: Omit<OperatorBrand, "signOnOrigin"> & { issuer: string | null }): OperatorBrand {
  let signOnOrigin: string | null = null;
  try {
    signOnOrigin = row.signOnAvailable && issuer ? new URL(issuer).origin : null;
  } catch {
    signOnOrigin = null;
  }
  return { ...row, signOnOrigin };
}

export async function listOperators(db: DbOrTx): Promise<OperatorBrand[]> {
  const rows = await db.select(brandColumns).from(operators).orderBy(asc(operators.slug));
  return rows.map(toBrand);
}

export async function getOperatorBySlug(db: DbOrTx, slug: string): Promise<OperatorBrand | null> {
  const [row] = await db.select(brandColumns).from(operators).where(eq(operators.slug, slug));
  return row ? toBrand(row) : null;
}
