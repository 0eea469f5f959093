import { and, eq, gte, ne, or, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { callbackTasks, applicationChecks, loanApplications, userRoles } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { getProduct } from "../lending/products";
import { DomainError } from "../shared/errors";
import { loadApplicationFor, type Actor, type Application } from "./access";
import { firstIncompleteStep } from "./application-steps";
import { decryptField } from "../shared/crypto/field-encryption";
import { recordEvent } from "./events";
import { personExposure } from "./exposure";
import { findListHits } from "./find-list-hits";
import type { OperatorDataAdapter } from "./operator-data";
import { evaluateRules, type Outcome, type ReviewFacts } from "./review-rules";
import { ID_PURPOSE } from "./sealed-fields";
import { getBorrowingSettings } from "./get-borrowing-settings";

/**
 * Submits a complete draft and runs the preliminary review (初审) at once: every rule's
 * result is stored with its evidence, and the application moves to `in_review`
 * (approved by the rules: a risk officer decides), `referred` (a call-back task is
 * opened) or `rejected`. The operator's data is fetched before the transaction.
 * Submitting twice changes nothing the second time.
 */
export async function submitApplication(
  db: Db,
  input: {
    operatorId: string;
    operatorSlug: string;
    applicationId: string;
    actor: Actor;
    secretKey: Uint8Array;
    operatorData: OperatorDataAdapter;
    ip: string;
    now?: Date;
  },
): Promise<{ application: Application; outcome: Outcome }> {
  const now = input.now ?? new Date();
  const { app: draft } = await loadApplicationFor(db, { ...input, allow: ["borrower", "clerk"] });
  if (draft.status !== "draft") return { application: draft, outcome: draft.prelimOutcome ?? "approve" };
  const missing = firstIncompleteStep(draft);
  if (missing) throw new DomainError("application.incomplete", { details: { step: missing } });
  const idNumber = decryptField(input.secretKey, ID_PURPOSE, draft.idNumberEnc!);
  const operatorData = await input.operatorData.lookup({ operatorSlug: input.operatorSlug, phone: draft.phone, fullName: draft.fullName!, idNumber, lookupId: draft.id });

  return db.transaction(async (tx) => {
    const { app } = await loadApplicationFor(tx, { ...input, allow: ["borrower", "clerk"], forUpdate: true });
    if (app.status !== "draft") return { application: app, outcome: app.prelimOutcome ?? ("approve" as Outcome) };
    // One review per person at a time, so two submissions cannot each miss the other.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`person:${Buffer.from(app.idNumberHash!).toString("hex")}`}))`);
    const settings = await getBorrowingSettings(tx, input.operatorId);
    const product = await getProduct(tx, { operatorId: input.operatorId, productId: app.productId! });
    const deviceId = app.channel === "self" ? app.deviceId : null;

    const hits = await findListHits(tx, { operatorId: input.operatorId, secretKey: input.secretKey, idNumber, phone: app.phone, deviceId });
    const listed = (list: "black" | "red") => hits.filter((h) => h.list === list).map((h) => ({ kind: h.kind, masked: h.valueMasked, reason: h.reason }));
    const otherApplications = await countOtherApplications(tx, app, deviceId, settings.multiAppWindowDays, now);
    const exposure = await personExposure(tx, { idNumberHash: app.idNumberHash!, borrowerUserId: app.borrowerUserId, excludeApplicationId: app.id });
    const { outcome, results } = evaluateRules(
      { amountCny: app.amount!, annualIncomeCny: app.annualIncome!, blackHits: listed("black"), redHits: listed("red"), otherApplications, exposure, operatorData },
      settings,
    );
    await tx.insert(applicationChecks).values(results.map((r) => ({ applicationId: app.id, rule: r.rule, hit: r.hit, effect: r.effect, evidence: r.evidence, createdAt: now })));
    const status = outcome === "reject" ? "rejected" : outcome === "refer" ? "referred" : "in_review";
    const [row] = await tx
      .update(loanApplications)
      .set({
        status,
        prelimOutcome: outcome,
        submittedAt: now,
        submittedIp: input.ip,
        updatedAt: now,
        ...(outcome === "reject" ? { decidedAt: now, rejectReasons: results.filter((r) => r.effect === "reject").map((r) => r.rule) } : {}),
      })
      .where(eq(loanApplications.id, app.id))
      .returning();
    if (outcome === "refer") await tx.insert(callbackTasks).values({ operatorId: input.operatorId, applicationId: app.id, createdAt: now });
    await tx.insert(userRoles).values({ userId: app.borrowerUserId, role: "borrower" }).onConflictDoNothing();
    await recordEvent(tx, { operatorId: input.operatorId, applicationId: app.id, kind: "submitted", actorUserId: input.actor.userId, details: { productCode: product.code, amount: app.amount } }, now);
    await recordEvent(tx, { operatorId: input.operatorId, applicationId: app.id, kind: `prelim_${outcome}`, actorUserId: null, details: { rules: results.filter((r) => r.hit).map((r) => r.rule) } }, now);
    await recordAudit(tx, { operatorId: input.operatorId, actorUserId: input.actor.userId, action: "application.submitted", subject: app.id, details: { outcome, channel: app.channel } }, now);
    return { application: row!, outcome };
  });
}

/** Other applications submitted in the window by the same ID number, phone or (self-service) device. */
async function countOtherApplications(
  tx: DbOrTx,
  app: Application,
  deviceId: string | null,
  windowDays: number,
  now: Date,
): Promise<ReviewFacts["otherApplications"]> {
  const since = new Date(now.getTime() - windowDays * 86_400_000);
  const sameId = eq(loanApplications.idNumberHash, app.idNumberHash!);
  const samePhone = eq(loanApplications.phone, app.phone);
  const sameDevice = deviceId ? eq(loanApplications.deviceId, deviceId) : undefined;
  // Across every operator: one project on one platform.
  const others = await tx
    .select({ idNumberHash: loanApplications.idNumberHash, phone: loanApplications.phone, deviceId: loanApplications.deviceId, channel: loanApplications.channel })
    .from(loanApplications)
    .where(and(ne(loanApplications.id, app.id), gte(loanApplications.submittedAt, since), or(sameId, samePhone, ...(sameDevice ? [sameDevice] : []))));
  const idHex = Buffer.from(app.idNumberHash!).toString("hex");
  return {
    total: others.length,
    byIdNumber: others.filter((o) => o.idNumberHash && Buffer.from(o.idNumberHash).toString("hex") === idHex).length,
    byPhone: others.filter((o) => o.phone === app.phone).length,
    byDevice: deviceId ? others.filter((o) => o.deviceId === deviceId).length : null,
    windowDays,
  };
}
