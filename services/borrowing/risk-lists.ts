import { and, desc, eq, inArray, or } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { riskListEntries } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { PHONE_PATTERN } from "../identity/phone";
import { DomainError } from "../shared/errors";
import { lookupHash } from "../shared/crypto/lookup-hash";
import { maskIdNumber, parseResidentId } from "../shared/resident-id";
import { maskPhone } from "../shared/mask-phone";

export type RiskList = "black" | "red";
export type RiskListKind = "id_number" | "phone" | "device";
export type RiskListEntry = typeof riskListEntries.$inferSelect;

/** The value as it is matched: ID numbers upper-cased, phones bare, device ids as given. */
export function normaliseListValue(kind: RiskListKind, raw: string): { value: string; masked: string } {
  const value = raw.trim().replace(/\s/g, "");
  if (kind === "id_number") {
    // Lists may hold minors' or old numbers too: only the format and check digit matter here.
    const number = value.toUpperCase();
    try {
      parseResidentId(number, "2999-12-31");
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === "id_number.invalid_format" || error.code === "id_number.invalid_checksum") {
        throw new DomainError("risk_list.invalid", { field: "value" });
      }
    }
    return { value: number, masked: maskIdNumber(number) };
  }
  if (kind === "phone") {
    const phone = value.replace(/^\+?86/, "");
    if (!PHONE_PATTERN.test(phone)) throw new DomainError("risk_list.invalid", { field: "value" });
    return { value: phone, masked: maskPhone(phone) };
  }
  if (!/^[A-Za-z0-9_-]{8,64}$/.test(value)) throw new DomainError("risk_list.invalid", { field: "value" });
  return { value, masked: `${value.slice(0, 4)}…${value.slice(-4)}` };
}

export async function addRiskListEntry(
  db: DbOrTx,
  input: { operatorId: string; list: RiskList; kind: RiskListKind; value: string; reason: string; actorUserId: string | null; secretKey: Uint8Array; now?: Date },
): Promise<RiskListEntry> {
  const reason = input.reason.trim();
  if (reason.length < 2 || reason.length > 200) throw new DomainError("risk_list.invalid", { field: "reason" });
  const { value, masked } = normaliseListValue(input.kind, input.value);
  const now = input.now ?? new Date();
  const [row] = await db
    .insert(riskListEntries)
    .values({
      operatorId: input.operatorId,
      list: input.list,
      kind: input.kind,
      valueHash: lookupHash(input.secretKey, input.kind, value),
      valueMasked: masked,
      reason,
      createdByUserId: input.actorUserId,
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new DomainError("risk_list.duplicate", { field: "value" });
  await recordAudit(db, { operatorId: input.operatorId, actorUserId: input.actorUserId, action: "risk_list.added", subject: row.id, details: { list: input.list, kind: input.kind, masked, reason } }, now);
  return row;
}

/** Entries are never deleted: removal marks them inactive, with who and when. */
export async function removeRiskListEntry(db: DbOrTx, input: { operatorId: string; entryId: string; actorUserId: string; now?: Date }): Promise<void> {
  const now = input.now ?? new Date();
  const updated = await db
    .update(riskListEntries)
    .set({ active: false, removedByUserId: input.actorUserId, removedAt: now })
    .where(and(eq(riskListEntries.operatorId, input.operatorId), eq(riskListEntries.id, input.entryId), eq(riskListEntries.active, true)))
    .returning({ id: riskListEntries.id });
  if (updated.length > 0) await recordAudit(db, { operatorId: input.operatorId, actorUserId: input.actorUserId, action: "risk_list.removed", subject: input.entryId }, now);
}

export async function listRiskListEntries(db: DbOrTx, operatorId: string): Promise<RiskListEntry[]> {
  return db.select().from(riskListEntries).where(eq(riskListEntries.operatorId, operatorId)).orderBy(desc(riskListEntries.createdAt)).limit(500);
}

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
