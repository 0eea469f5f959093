import { randomUUID } from "node:crypto";
import Decimal from "decimal.js";
import { and, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Db, DbOrTx } from "../../db/client";
import { auditLog, collectionActivities, collectionCases, dueActions, loanDelinquency, operators, repayments, userRoles, users } from "../../db/schema";
import { describeEachDatabase } from "../../db/testing";
import { CHANNEL_AND_COLLECTION_STEPS } from "../jobs/default-due-steps";
import { accruePenalties, applyRepayments, loadInstallments, quoteInstallmentsDue, runDueProcessing, runDueProcessingNow } from "../repayment";
import { startOfBeijingDay } from "../shared/calendar";
import { DomainError } from "../shared/errors";
import { createTestSms, smsBodiesTo } from "../sms/testing/test-sms";
import { createDisbursedLoan, type DisbursedLoan } from "../repayment/testing/disbursed-loan";
import { addCaseNote, addTeamMember, createDefaultTeams, loadTeams, collectionStats, getCaseDetail, listCaseQueue, loadPromises, logContactAttempt, openCollectionCases, reassignCase, recordPromise, remindPromises, assignCases } from ".";
import { domainErrorCode as codeOf } from "../shared/testing/domain-error-code";

const at = (date: string, hour = 10, minute = 0) => new Date(startOfBeijingDay(date).getTime() + hour * 3_600_000 + minute * 60_000);
const deps = { smsSenderFor: createTestSms().senderFor, extraSteps: CHANNEL_AND_COLLECTION_STEPS };


async function staff(db: Db, operatorId: string, phone: string, name: string, role: "collector" | "admin") {
  const [u] = await db.insert(users).values({ operatorId, phone, name }).returning({ id: users.id });
  await db.insert(userRoles).values({ userId: u!.id, role });
  return { userId: u!.id, roles: [role] as string[] };
}

describeEachDatabase("collections", (ctx) => {
  let db: Db;
  let big: DisbursedLoan; // ¥10,000, 6 months equal principal, first due 2026-02-15
  let small: DisbursedLoan; // ¥5,000, same borrower and dates
  let operatorId: string;
  let c1: { userId: string; roles: string[] };
  let c2: { userId: string; roles: string[] };
  let senior: { userId: string; roles: string[] };
  let admin: { userId: string; roles: string[] };
  const run = (date: string) => runDueProcessing(db, { operatorId, date, deps, now: at(date, 2) });
  const audited = (action: string) => db.select().from(auditLog).where(and(eq(auditLog.operatorId, operatorId), eq(auditLog.action, action)));
  const caseOf = async (loanId: string) =>
    (await db.select().from(collectionCases).where(and(eq(collectionCases.loanId, loanId), eq(collectionCases.status, "open"))))[0];

  beforeAll(async () => {
    db = ctx.db;
    big = await createDisbursedLoan(db, { investments: ["6000.00", "4000.00"], disbursedAt: at("2026-01-15") });
    small = await createDisbursedLoan(db, { investments: ["5000.00"], disbursedAt: at("2026-01-15"), market: big.market });
    operatorId = big.market.operatorId;
    c1 = await staff(db, operatorId, "18600000007", "周催收", "collector");
    c2 = await staff(db, operatorId, "18600000017", "冯催收", "collector");
    senior = await staff(db, operatorId, "18600000010", "郑资深", "collector");
    admin = await staff(db, operatorId, "18600000008", "吴管理", "admin");
    // The two default teams (M1 1–30 days, M2+ 31 onward): c1 and c2 early, `senior` senior.
    expect(await createDefaultTeams(db, { operatorId, actorUserId: admin.userId })).toBe(true);
    const teams = await loadTeams(db, operatorId);
    const teamId = (code: string) => teams.find((t) => t.code === code)!.id;
    for (const c of [c1, c2]) await addTeamMember(db, { operatorId, teamId: teamId("early"), userId: c.userId, actorUserId: admin.userId });
    await addTeamMember(db, { operatorId, teamId: teamId("senior"), userId: senior.userId, actorUserId: admin.userId });
  }, 120_000);

  it("opens one case per overdue loan, once, however often the step runs, and assigns early cases by load", async () => {
    await run("2026-02-15");
    expect(await db.select().from(collectionCases).where(eq(collectionCases.operatorId, operatorId))).toHaveLength(0);
    await run("2026-02-16");
    for (let i = 0; i < 2; i++) {
      await openCollectionCases(db, { operatorId, now: at("2026-02-16", 3) });
      await assignCases(db, { operatorId, now: at("2026-02-16", 3) });
    }
    expect((await run("2026-02-16")).alreadyDone).toBe(true);
    const cases = await db.select().from(collectionCases).where(eq(collectionCases.operatorId, operatorId));
    expect(cases).toHaveLength(2);
    const bigCase = await caseOf(big.loanId);
    const smallCase = await caseOf(small.loanId);
    expect(bigCase).toMatchObject({ bucket: "1-30", assignedToUserId: c1.userId });
    // The second case goes to the other early collector (load 0 vs 1), never to the senior team.
    expect(smallCase).toMatchObject({ bucket: "1-30", assignedToUserId: c2.userId });
    const [d] = await db.select().from(loanDelinquency).where(eq(loanDelinquency.loanId, big.loanId));
    expect(bigCase!.overdueAtOpen).toBe(d!.overdueTotal);
  });

  it("allows contact from the start hour and refuses it from the end hour (Beijing time)", async () => {
    const caseId = (await caseOf(big.loanId))!.id;
    const contact = (now: Date, actor = c1) => logContactAttempt(db, { operatorId, caseId, actor, activityId: randomUUID(), channel: "phone", outcome: "no_answer", now });
    expect(await codeOf(contact(at("2026-02-20", 7, 59)))).toBe("collections.outside_hours");
    expect(await codeOf(contact(at("2026-02-20", 21, 0)))).toBe("collections.outside_hours");
    expect((await contact(at("2026-02-20", 8, 0))).replayed).toBe(false);
    expect(await codeOf(contact(at("2026-02-20", 9), c2))).toBe("collections.not_assigned");
  });

  it("caps attempts per borrower per Beijing day across collectors: the cap-th allowed, the next refused, the next day allowed; a resubmit counts once", async () => {
    const caseId = (await caseOf(big.loanId))!.id;
    const smallCaseId = (await caseOf(small.loanId))!.id;
    const id = randomUUID();
    const second = () => logContactAttempt(db, { operatorId, caseId, actor: c1, activityId: id, channel: "sms", outcome: "reached", now: at("2026-02-20", 9) });
    expect((await second()).replayed).toBe(false);
    expect((await second()).replayed).toBe(true);
    // The third attempt is the other collector's, on the borrower's other loan: it counts towards the same cap.
    await logContactAttempt(db, { operatorId, caseId: smallCaseId, actor: c2, activityId: randomUUID(), channel: "visit", outcome: "reached", now: at("2026-02-20", 10) });
    expect(await codeOf(logContactAttempt(db, { operatorId, caseId, actor: c1, activityId: randomUUID(), channel: "phone", outcome: "reached", now: at("2026-02-20", 11) }))).toBe("collections.daily_cap");
    expect(await codeOf(logContactAttempt(db, { operatorId, caseId, actor: admin, activityId: randomUUID(), channel: "phone", outcome: "reached", now: at("2026-02-20", 12) }))).toBe("collections.daily_cap");
    // 2026-02-20 23:59 Beijing is still that day; 2026-02-21 00:00 is a new day but outside hours; 08:00 is allowed.
    expect((await logContactAttempt(db, { operatorId, caseId, actor: c1, activityId: randomUUID(), channel: "phone", outcome: "reached", now: at("2026-02-21", 8) })).replayed).toBe(false);
    const contacts = await db.select().from(collectionActivities).where(eq(collectionActivities.kind, "contact"));
    expect(contacts).toHaveLength(4);
    // One audit row per contact recorded (a resubmit and a refused attempt write none), by whoever logged it.
    const rows = await audited("collections.contact_logged");
    expect(rows.map((r) => (r.details as { activityId: string }).activityId).sort()).toEqual(contacts.map((c) => c.id).sort());
    expect(rows.find((r) => (r.details as { activityId: string }).activityId === id)).toMatchObject({ actorUserId: c1.userId, subject: caseId, details: { channel: "sms", outcome: "reached" } });
  });

  it("validates notes and promises", async () => {
    const caseId = (await caseOf(big.loanId))!.id;
    expect(await codeOf(addCaseNote(db, { operatorId, caseId, actor: c1, activityId: randomUUID(), note: "  " }))).toBe("collections.note_invalid");
    await addCaseNote(db, { operatorId, caseId, actor: c1, activityId: randomUUID(), note: "借款人称下周卖粮后还款", now: at("2026-02-21", 9) });
    const promise = (amount: string, promiseDate: string) => recordPromise(db, { operatorId, caseId, actor: c1, activityId: randomUUID(), amount, promiseDate, now: at("2026-02-21", 9) });
    expect(await codeOf(promise("0", "2026-02-23"))).toBe("collections.promise_amount_invalid");
    expect(await codeOf(promise("12.345", "2026-02-23"))).toBe("collections.promise_amount_invalid");
    expect(await codeOf(promise("100.00", "2026-02-20"))).toBe("collections.promise_date_past");
    expect(await codeOf(promise("100.00", "2026-03-24"))).toBe("collections.promise_date_too_far");
    expect(await codeOf(promise("100.00", "2026-02-31"))).toBe("collections.promise_date_past");
    expect(await audited("collections.note_added")).toEqual([expect.objectContaining({ actorUserId: c1.userId, subject: caseId })]);
    expect(await audited("collections.promise_recorded")).toEqual([]);
  });

  it("reminds an unpaid promise once when its date arrives, then shows it broken; a covered promise is kept and not reminded", async () => {
    const bigCaseId = (await caseOf(big.loanId))!.id;
    const smallCaseId = (await caseOf(small.loanId))!.id;
    const broken = await recordPromise(db, { operatorId, caseId: bigCaseId, actor: c1, activityId: randomUUID(), amount: "500.00", promiseDate: "2026-02-23", now: at("2026-02-21", 10) });
    // The borrower promises the small loan's arrears for 2026-02-25 and pays them on the 22nd.
    await accruePenalties(db, { operatorId, date: "2026-02-22" });
    const quote = quoteInstallmentsDue(await loadInstallments(db, small.loanId), "2026-02-22");
    const due = quote.items.filter((i) => i.dueDate <= "2026-02-22").reduce((t, i) => t.plus(i.penalty).plus(i.interest).plus(i.principal), new Decimal(0));
    const kept = await recordPromise(db, { operatorId, caseId: smallCaseId, actor: c2, activityId: randomUUID(), amount: due.toFixed(2), promiseDate: "2026-02-25", now: at("2026-02-21", 10) });
    await applyRepayments(db, { operatorId, postedBy: { system: "test" }, requests: [{ loanId: small.loanId, source: "passbook_debit", reference: "PD-KEPT-1", amountCny: due.toFixed(2), receivedAt: at("2026-02-22", 15) }] });

    const sms = createTestSms().senderFor;
    expect((await remindPromises(db, { operatorId, date: "2026-02-22", smsSenderFor: sms })).reminded).toBe(0);
    expect((await remindPromises(db, { operatorId, date: "2026-02-23", smsSenderFor: sms })).reminded).toBe(1);
    expect((await remindPromises(db, { operatorId, date: "2026-02-23", smsSenderFor: sms })).reminded).toBe(0);
    expect((await remindPromises(db, { operatorId, date: "2026-02-25", smsSenderFor: sms })).reminded).toBe(0);
    const marks = await db.select().from(dueActions).where(and(eq(dueActions.operatorId, operatorId), eq(dueActions.kind, "promise_reminder")));
    expect(marks.map((m) => m.reference)).toEqual([broken.activityId]);
    const messages = (await smsBodiesTo(db, operatorId)).filter((body) => body.includes("您承诺于"));
    expect(messages).toHaveLength(1);
    expect((await audited("collections.promise_recorded")).map((r) => r.details)).toEqual(
      expect.arrayContaining([expect.objectContaining({ activityId: broken.activityId, amount: "500.00", promiseDate: "2026-02-23" }), expect.objectContaining({ activityId: kept.activityId })]),
    );

    const states = new Map((await loadPromises(db, { operatorId, today: "2026-02-23" })).map((p) => [p.activityId, p.status]));
    expect(states.get(broken.activityId)).toBe("pending");
    expect(states.get(kept.activityId)).toBe("kept");
    const later = new Map((await loadPromises(db, { operatorId, today: "2026-02-24" })).map((p) => [p.activityId, p.status]));
    expect(later.get(broken.activityId)).toBe("broken");
    const queue = await listCaseQueue(db, { operatorId, assigneeUserId: c1.userId, now: at("2026-02-24") });
    expect(queue[0]!.promise).toMatchObject({ amount: "500.00", status: "broken" });
  });

  it("closes a case as cured when the loan is current again", async () => {
    await run("2026-02-26");
    const [closed] = await db.select().from(collectionCases).where(eq(collectionCases.loanId, small.loanId));
    expect(closed).toMatchObject({ status: "closed", closedReason: "cured" });
    expect(await caseOf(big.loanId)).toMatchObject({ status: "open" });
    expect(await codeOf(addCaseNote(db, { operatorId, caseId: closed!.id, actor: c2, activityId: randomUUID(), note: "x" }))).toBe("collections.case_closed");
  });

  it("moves the bucket across the 30/31-day boundary and hands the case to the senior team", async () => {
    await run("2026-03-17"); // 30 days after 2026-02-15
    expect(await caseOf(big.loanId)).toMatchObject({ bucket: "1-30", assignedToUserId: c1.userId });
    await run("2026-03-18"); // 31 days
    expect(await caseOf(big.loanId)).toMatchObject({ bucket: "31-60", assignedToUserId: senior.userId });
    // The small loan's second installment (due 2026-03-15) is late: a new case, while the cured one stays closed.
    const smallCases = await db.select().from(collectionCases).where(eq(collectionCases.loanId, small.loanId));
    expect(smallCases.map((c) => c.status).sort()).toEqual(["closed", "open"]);
  });

  it("lets only a supervisor reassign, and shows the full phone only to the assignee", async () => {
    const caseId = (await caseOf(big.loanId))!.id;
    expect(await codeOf(reassignCase(db, { operatorId, caseId, actor: c1, toUserId: c2.userId }))).toBe("collections.admin_only");
    expect(await codeOf(reassignCase(db, { operatorId, caseId, actor: admin, toUserId: admin.userId }))).toBe("collections.not_a_collector");
    expect((await reassignCase(db, { operatorId, caseId, actor: admin, toUserId: c1.userId, now: at("2026-03-18", 9) })).changed).toBe(true);
    expect((await reassignCase(db, { operatorId, caseId, actor: admin, toUserId: c1.userId, now: at("2026-03-18", 9) })).changed).toBe(false);
    expect(await audited("collections.case_reassigned")).toEqual([expect.objectContaining({ actorUserId: admin.userId, subject: caseId, details: { fromUserId: senior.userId, toUserId: c1.userId } })]);
    const mine = await getCaseDetail(db, { operatorId, caseId, actor: c1, now: at("2026-03-18", 9) });
    const boss = await getCaseDetail(db, { operatorId, caseId, actor: admin, now: at("2026-03-18", 9) });
    expect(mine.borrower.phone).toMatch(/^\d{11}$/);
    expect(boss.borrower.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(await codeOf(getCaseDetail(db, { operatorId, caseId, actor: c2 }))).toBe("collections.not_assigned");
    // Each view of the unmasked borrower is audited: whose record, which fields.
    const views = await audited("personal_data.viewed");
    expect(views.map((v) => [v.actorUserId, v.subject, (v.details as { fields: string[] }).fields])).toEqual(
      expect.arrayContaining([
        [c1.userId, `collection_case:${caseId}`, ["name", "phone"]],
        [admin.userId, `collection_case:${caseId}`, ["name"]],
      ]),
    );
    const overdue = mine.installments.filter((i) => i.overdue);
    expect(overdue.map((i) => i.n)).toEqual([1, 2]);
    const sum = overdue.reduce((t, i) => t.plus(i.totalOwed), new Decimal(0)).toFixed(2);
    expect(sum).toBe(mine.loan.overdueTotal);
  });

  it("computes statistics that match an independent count from the tables", async () => {
    const now = at("2026-03-18", 12);
    await logContactAttempt(db, { operatorId, caseId: (await caseOf(big.loanId))!.id, actor: c1, activityId: randomUUID(), channel: "phone", outcome: "reached", now: at("2026-03-18", 11) });
    const stats = await collectionStats(db, { operatorId, now });
    const cases = await db.select().from(collectionCases).where(eq(collectionCases.operatorId, operatorId));
    const acts = await db.select().from(collectionActivities).where(eq(collectionActivities.operatorId, operatorId));
    const paid = await db.select().from(repayments).where(eq(repayments.operatorId, operatorId));
    for (const who of [c1, c2, senior]) {
      const s = stats.perCollector.find((p) => p.userId === who.userId)!;
      const mine = cases.filter((c) => c.assignedToUserId === who.userId);
      expect(s.openCases).toBe(mine.filter((c) => c.status === "open").length);
      const recovered = mine
        .flatMap((c) => paid.filter((r) => r.loanId === c.loanId && r.receivedAt >= c.openedAt && (!c.closedAt || r.receivedAt <= c.closedAt)))
        .reduce((t, r) => t.plus(r.amount), new Decimal(0));
      expect(s.recovered).toBe(recovered.toFixed(2));
      const contacts = acts.filter((a) => a.kind === "contact" && a.byUserId === who.userId);
      expect(s.contactsToday).toBe(contacts.filter((a) => a.createdAt >= startOfBeijingDay("2026-03-18")).length);
      expect(s.contactsThisMonth).toBe(contacts.filter((a) => a.createdAt >= startOfBeijingDay("2026-03-01")).length);
    }
    const c1s = stats.perCollector.find((p) => p.userId === c1.userId)!;
    const c2s = stats.perCollector.find((p) => p.userId === c2.userId)!;
    expect(c1s).toMatchObject({ openCases: 1, contactsToday: 1, contactsThisMonth: 1, promisesBroken: 1, promisesKept: 0 });
    expect(c2s).toMatchObject({ promisesKept: 1, promisesBroken: 0 });
    expect(new Decimal(c2s.recovered).gt(0)).toBe(true);
    expect(stats.team.openCases).toBe(cases.filter((c) => c.status === "open").length);
    expect(stats.team.recovered).toBe(stats.perCollector.reduce((t, p) => t.plus(p.recovered), new Decimal(0)).toFixed(2));
    expect(stats.team.promisesKept + stats.team.promisesBroken + stats.team.promisesPending).toBe(acts.filter((a) => a.kind === "promise").length);
  });

  it("asks for a stated reason before showing the borrower when the operator requires one, and audits the reason", async () => {
    const caseId = (await caseOf(big.loanId))!.id;
    await db.update(operators).set({ revealReasonRequired: true }).where(eq(operators.id, operatorId));
    const before = (await audited("personal_data.viewed")).length;
    const hidden = await getCaseDetail(db, { operatorId, caseId, actor: c1, now: at("2026-03-18", 9) });
    expect(hidden.reveal).toEqual({ revealed: false, reasonRequired: true });
    expect(hidden.borrower.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(hidden.borrower.name).toContain("*");
    expect(await audited("personal_data.viewed")).toHaveLength(before);
    const shown = await getCaseDetail(db, { operatorId, caseId, actor: c1, reason: "  借款人来电要求核对还款计划 ", now: at("2026-03-18", 9) });
    expect(shown.reveal.revealed).toBe(true);
    expect(shown.borrower.phone).toMatch(/^\d{11}$/);
    const views = await audited("personal_data.viewed");
    expect(views).toHaveLength(before + 1);
    expect(views.find((v) => (v.details as { reason?: string }).reason)).toMatchObject({ actorUserId: c1.userId, details: { reason: "借款人来电要求核对还款计划" } });
    expect(await codeOf(getCaseDetail(db, { operatorId, caseId, actor: c1, reason: "长".repeat(201) }))).toBe("audit.reason_invalid");
    await db.update(operators).set({ revealReasonRequired: false }).where(eq(operators.id, operatorId));
  });

  it("audits a due run started by hand", async () => {
    await runDueProcessingNow(db, { operatorId, date: "2026-03-19", actorUserId: admin.userId, deps, now: at("2026-03-19", 9) });
    expect(await audited("due_run.requested")).toEqual([expect.objectContaining({ actorUserId: admin.userId, subject: "2026-03-19" })]);
  });
});
