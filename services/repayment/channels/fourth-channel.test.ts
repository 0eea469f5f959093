/**
 * docs/adding-a-channel.md, proved: a fourth repayment channel, defined only here, is
 * registered and goes through a repayment (applyRepayments), due processing (its own
 * daily step) and reconciliation (its statement imported and a day reconciled with zero
 * breaks) without any other file knowing it.
 */
import { eq, sql } from "drizzle-orm";
import { createTestSms } from "../../sms/testing/test-sms";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "../../../db/client";
import { repayments } from "../../../db/schema";
import { describeEachDatabase } from "../../../db/testing";
import { createDueProcessingDeps } from "../../jobs/create-due-processing-deps";
import { checkLedger, getAccountByCode, getBalance } from "../../ledger";
import { formatCny } from "../../ledger/money";
import { channelNames, generateSandboxStatements, importStatement, loadResultsWithState, reconcileDay } from "../../reconciliation";
import { toCsv } from "../../shared/csv";
import { itemRange } from "../../statements/day-range";
import { amountCell, dateCell, readStatementFile, requiredText } from "../../statements/read-statement-file";
import { defineStatementChannel, type LineOrigin } from "../../statements/statement-channel";
import { applyRepayments } from "../apply-repayments";
import { DUE_PROCESSING_ACTOR, runDueProcessing, type DueContext } from "../run-due-processing";
import { loadDuesOnDate, loansOnChannel } from "./channel-loans";
import { channelMigrationSql } from "./channel-migration-sql";
import { listRepaymentsOnChannel } from "./list-repayments-on-channel";
import { registerRepaymentChannel } from "./registry";
import type { RepaymentChannel } from "./repayment-channel";
import { at, loanOnChannel } from "./testing";

// A village kiosk that collects installments in cash on the due date and sends a daily list.
const SOURCE = "kiosk_cash";
const CLEARING = { code: "clearing:kiosk", type: "asset" } as const;
const COLUMNS = ["reference", "amount_cny", "paid_on"] as const;
type KioskLine = LineOrigin & { reference: string; amountCny: import("decimal.js").default; paidOn: string };

/** The kiosk's daily step: what each of its loans owes on the day is collected, through applyRepayments. */
async function collectAtKiosks(ctx: DueContext): Promise<void> {
  const loans = await loansOnChannel(ctx.db, ctx.operatorId, SOURCE);
  let n = 0;
  for (const loan of loans) {
    const due = (await loadDuesOnDate(ctx.db, [loan.loanId], ctx.date, [])).get(loan.loanId) ?? null;
    if (!due) continue;
    const reference = `KS${ctx.date.replaceAll("-", "")}${String(++n).padStart(4, "0")}`;
    await applyRepayments(ctx.db, { operatorId: ctx.operatorId, postedBy: DUE_PROCESSING_ACTOR, now: ctx.now, requests: [{ loanId: loan.loanId, source: SOURCE, reference, amountCny: due.amount, receivedAt: ctx.now }] });
  }
  await ctx.progress(n, n);
}

const KIOSK_STATEMENT = defineStatementChannel<KioskLine>({
  source: "kiosk_list",
  columns: COLUMNS,
  read: (bytes) =>
    readStatementFile(bytes, { columns: COLUMNS, header: "exact", allowNoLines: true }).map((row) => ({
      line: row.line,
      raw: row.raw,
      reference: requiredText(row, "reference"),
      amountCny: amountCell(row, "amount_cny", "positive"),
      paidOn: dateCell(row, "paid_on"),
    })),
  storedLines: (lines) => lines.map((l) => ({ lineNo: l.line, raw: l.raw, reference: l.reference, amount: l.amountCny, fee: null, date: l.paidOn, kind: "CASH", groupKey: null })),
  theirLines: (lines, fileId) => lines.map((l) => ({ id: `${fileId}:${l.line}`, source: "kiosk_list", reference: l.reference, amountCny: l.amountCny, date: l.paidOn, kind: "CASH", raw: l.raw })),
  async listOurItems(db, range) {
    return (await listRepaymentsOnChannel(db, SOURCE, range)).map((r) => ({ id: `repayment:${r.id}`, reference: r.reference, amountCny: r.amountCny, date: r.date, entryIds: r.entryIds, label: `村口代收 ${r.reference}` }));
  },
  clearing: { code: CLEARING.code },
  feeAccount: CLEARING,
  async sandboxStatements(db, { operatorId, date }) {
    const items = await this.listOurItems(db, itemRange(operatorId, date));
    const csv = toCsv([[...COLUMNS], ...items.map((i) => [i.reference!, { amount: formatCny(i.amountCny) }, i.date])]);
    return [{ source: "kiosk_list", fileName: `kiosk-${date}.csv`, bytes: new TextEncoder().encode(csv) }];
  },
});

const kioskChannel: RepaymentChannel = {
  source: SOURCE,
  label: { zh: "村口代收点", en: "Village kiosk" },
  sourceAccount: () => CLEARING,
  borrowerChoice: true,
  dueSteps: [{ name: "kiosk_collections", run: collectAtKiosks }],
  statement: KIOSK_STATEMENT,
};

async function balanceOf(db: Db, operatorId: string, code: string): Promise<string> {
  const account = await getAccountByCode(db, { operatorId, code });
  return account ? (await getBalance(db, { operatorId, accountId: account.id })).postedCny.toFixed(2) : "0.00";
}

describeEachDatabase("a fourth repayment channel, registered by a test", (ctx) => {
  let unregister: () => void;

  beforeAll(async () => {
    unregister = registerRepaymentChannel(kioskChannel);
    // What the channel's migration would hold (docs/adding-a-channel.md), on this test's own database.
    for (const statement of channelMigrationSql(kioskChannel, channelNames())) await ctx.db.execute(sql.raw(statement));
  });
  afterAll(() => unregister());

  it("collects on the due date through its own due step, books to its clearing account and reconciles with zero breaks", async () => {
    const db = ctx.db;
    const loan = await loanOnChannel(db, SOURCE);
    const { operatorId } = loan;
    const run = await runDueProcessing(db, { operatorId, date: "2026-02-15", deps: createDueProcessingDeps({ smsSenderFor: createTestSms().senderFor }), now: at("2026-02-15", 1) });
    expect(run.alreadyDone).toBe(false);
    const [collected] = await db.select().from(repayments).where(eq(repayments.loanId, loan.loanId));
    expect(collected).toMatchObject({ source: SOURCE, amount: "1766.67", principal: "1666.67", interest: "100.00" });
    expect(await balanceOf(db, operatorId, CLEARING.code)).toBe("1766.67");

    // A repayment straight through applyRepayments (a borrower paying ahead at the kiosk) the same day.
    const [ahead] = await applyRepayments(db, { operatorId, postedBy: { system: "test" }, requests: [{ loanId: loan.loanId, source: SOURCE, reference: "KS-AHEAD-1", amountCny: "500.00", receivedAt: at("2026-02-15", 15) }] });
    expect(ahead).toMatchObject({ replayed: false, amount: "500.00" });
    expect(await balanceOf(db, operatorId, CLEARING.code)).toBe("2266.67");

    const files = (await generateSandboxStatements(db, { operatorId, date: "2026-02-15" })).filter((f) => f.source === "kiosk_list");
    expect(files).toHaveLength(1);
    const imported = await importStatement(db, { operatorId, source: "kiosk_list", fileName: files[0]!.fileName, bytes: files[0]!.bytes, actor: { system: "test" } });
    expect(imported).toMatchObject({ lineCount: 2, totalAmount: "2266.67", dates: ["2026-02-15"] });
    const day = await reconcileDay(db, { operatorId, channel: "kiosk_list", date: "2026-02-15", now: at("2026-02-16") });
    expect(day.counts).toMatchObject({ matched: 2, missing_in_ours: 0, missing_in_theirs: 0, amount_differs: 0, duplicate: 0, ambiguous: 0 });
    const results = await loadResultsWithState(db, { operatorId, channel: "kiosk_list", fromDate: "2026-02-15", toDate: "2026-02-15" });
    expect(results.filter((r) => r.state !== "matched")).toEqual([]);
    expect((await checkLedger(db, { operatorId })).violations).toEqual([]);
  });
});
