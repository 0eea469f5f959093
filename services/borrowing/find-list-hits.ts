import { and, eq, inArray, or } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { riskListEntries } from "../../db/schema";
import { lookupHash } from "../shared/crypto/lookup-hash";
import type { RiskListEntry, RiskListKind } from "./risk-list-values";

/** Active entries matching any of the applicant's identifiers. */
export async function findListHits(
  db: DbOrTx,
  input: { operatorId: string; secretKey: Uint8Array; idNumber: string; phone: string; deviceId: string | null },
): Promise<RiskListEntry[]> {
  const probes: Array<{ kind: RiskListKind; hash: Uint8Array }> = [
    { kind: "id_number", hash: lookupHash(input.secretKey, "id_number", input.idNumber) },
    { kind: "phone", hash: lookupHash(input.secretKey, "phone", input.phone) },
  ];
  if (input.deviceId) probes.push({ kind: "device", hash: lookupHash(input.secretKey, "device", input.deviceId) });
  const rows = await db
    .select()
    .from(riskListEntries)
    .where(
      and(
        eq(riskListEntries.operatorId, input.operatorId),
        eq(riskListEntries.active, true),
        inArray(riskListEntries.kind, probes.map((p) => p.kind)),
        or(...probes.map((p) => and(eq(riskListEntries.kind, p.kind), eq(riskListEntries.valueHash, p.hash)))),
      ),
    );
  return rows;
}
