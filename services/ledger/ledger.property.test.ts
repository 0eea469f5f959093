import type Decimal from "decimal.js";
import fc from "fast-check";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../db/testing";
import { DomainError } from "../shared/errors";
import { checkLedger } from "./check-ledger";
import { getBalance } from "./get-balance";
import { Cny, ZERO_CNY } from "./money";
import { placeHold } from "./place-hold";
import { postEntry } from "./post-entry";
import { postHold } from "./post-hold";
import { reverseEntry } from "./reverse-entry";
import { createBooks, SYSTEM } from "./test-fixtures";
import { voidHold } from "./void-hold";

/**
 * Random sequences of posts, holds, posts and voids of holds, reversals and replays,
 * run against the ledger and against a small in-memory model of it. Every operation
 * must succeed or fail exactly as the model says; afterwards every balance matches the
 * model, checkLedger finds nothing, and replaying every operation that succeeded
 * changes nothing at all.
 */

// Accounts 0-2 are wallets (credit-normal, no-negative); 3 clearing:card and 5
// custody:bank are assets, 4 revenue: no rule, they may go anywhere.
const ACCOUNTS = 6;
const isWallet = (i: number) => i < 3;
const debitNormal = (i: number) => i === 3 || i === 5;
const fen = (n: number): Decimal => new Cny(n).div(100);

const amount = fc.integer({ min: 1, max: 20_000 }); // 0.01 .. 200.00, as fen
const account = fc.integer({ min: 0, max: ACCOUNTS - 1 });
const pick = fc.nat({ max: 1000 });
const operation = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ op: fc.constant("post" as const), from: account, to: account, fen: amount, split: fc.option(account) }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("hold" as const), from: account, to: account, fen: amount }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("postHold" as const), pick, quarters: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("voidHold" as const), pick }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("reverse" as const), pick }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("replay" as const), pick }) },
);

type Lines = Array<[account: number, signed: Decimal]>;

describeEachDatabase("ledger invariants under random operations", (ctx) => {
  it("keeps every invariant, agrees with the model, and ignores replays", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 24 }), async (ops) => {
        const books = await createBooks(ctx.db, 3);
        const ids = [...books.wallets, books.clearingCard, books.fee, books.custodyBank];
        const operatorId = books.operatorId;
        const model = {
          posted: ids.map(() => ZERO_CNY),
          pending: ids.map(() => ZERO_CNY),
          entries: [] as Array<{ id: string; lines: Lines; reversed: boolean }>,
          holds: [] as Array<{ id: string; from: number; to: number; amount: Decimal; status: "pending" | "posted" | "voided" }>,
        };
        const replays: Array<() => Promise<void>> = [];
        let key = 0;

        const delta = (i: number, signed: Decimal) => (debitNormal(i) ? signed : signed.negated());
        const affordable = (lines: Lines) =>
          lines.every(
            ([i, signed]) =>
              !isWallet(i) ||
              !delta(i, signed).isNegative() ||
              !model.posted[i]!.minus(model.pending[i]!).plus(delta(i, signed)).isNegative(),
          );
        const apply = (lines: Lines) => {
          for (const [i, signed] of lines) model.posted[i] = model.posted[i]!.plus(delta(i, signed));
        };
        const expectCode = async (promise: Promise<unknown>, code: string) => {
          const error = await promise.then(
            () => new Error(`expected ${code}, the operation succeeded`),
            (e: unknown) => e,
          );
          expect(error instanceof DomainError ? error.code : error).toBe(code);
        };

        for (const step of ops) {
          if (step.op === "post") {
            if (step.from === step.to) continue;
            const lines: Lines = [[step.from, fen(step.fen)]];
            // Optionally a three-legged entry: the credit split between two accounts.
            if (step.split !== null && step.split !== step.from && step.split !== step.to && step.fen > 1) {
              const part = fen(Math.floor(step.fen / 3) || 1);
              lines.push([step.to, fen(step.fen).minus(part).negated()], [step.split, part.negated()]);
            } else {
              lines.push([step.to, fen(step.fen).negated()]);
            }
            const input = {
              operatorId,
              idempotencyKey: `p-${++key}`,
              kind: "transfer",
              cause: { type: "adjustment" as const },
              postedBy: SYSTEM,
              postings: lines.map(([i, signed]) => ({ accountId: ids[i]!, amountCny: signed.toFixed(2) })),
            };
            if (!affordable(lines)) {
              await expectCode(postEntry(ctx.db, input), "ledger.insufficient_funds");
              continue;
            }
            const { entry, replayed } = await postEntry(ctx.db, input);
            expect(replayed).toBe(false);
            apply(lines);
            model.entries.push({ id: entry.id, lines, reversed: false });
            replays.push(async () => expect(await postEntry(ctx.db, input)).toEqual({ entry, replayed: true }));
          } else if (step.op === "hold") {
            if (step.from === step.to) continue;
            const amountCny = fen(step.fen);
            const input = {
              operatorId,
              idempotencyKey: `h-${++key}`,
              debitAccountId: ids[step.from]!,
              creditAccountId: ids[step.to]!,
              amountCny: amountCny.toFixed(2),
              kind: "withdrawal",
              cause: { type: "withdrawal" as const },
              placedBy: SYSTEM,
            };
            if (
              !affordable([
                [step.from, amountCny],
                [step.to, amountCny.negated()],
              ])
            ) {
              await expectCode(placeHold(ctx.db, input), "ledger.insufficient_funds");
              continue;
            }
            const { hold, replayed } = await placeHold(ctx.db, input);
            expect(replayed).toBe(false);
            // Reserved on the side the hold would reduce: a debit to a credit-normal account, a credit to a debit-normal one.
            const reduced = debitNormal(step.to) ? step.to : null;
            if (!debitNormal(step.from)) model.pending[step.from] = model.pending[step.from]!.plus(amountCny);
            if (reduced !== null) model.pending[reduced] = model.pending[reduced]!.plus(amountCny);
            model.holds.push({ id: hold.id, from: step.from, to: step.to, amount: amountCny, status: "pending" });
            const modelHold = model.holds[model.holds.length - 1]!;
            // The same hold comes back, in whatever state it has reached since.
            replays.push(async () => {
              const again = await placeHold(ctx.db, input);
              expect(again.replayed).toBe(true);
              expect({
                ...again.hold,
                status: hold.status,
                resolvedAt: null,
                resolvedBy: null,
                postedEntryId: null,
                postedAmountCny: null,
              }).toEqual(hold);
              expect(again.hold.status).toBe(modelHold.status);
            });
          } else if (step.op === "postHold" || step.op === "voidHold") {
            if (model.holds.length === 0) continue;
            const held = model.holds[step.pick % model.holds.length]!;
            const release = () => {
              if (!debitNormal(held.from)) model.pending[held.from] = model.pending[held.from]!.minus(held.amount);
              if (debitNormal(held.to)) model.pending[held.to] = model.pending[held.to]!.minus(held.amount);
            };
            if (step.op === "postHold") {
              const amountCny = Cny.max(held.amount.times(step.quarters).div(4).toDecimalPlaces(2, Cny.ROUND_DOWN), fen(1));
              const input = { operatorId, holdId: held.id, amountCny: amountCny.toFixed(2), postedBy: SYSTEM };
              if (held.status !== "pending") {
                // A posted hold with another amount is a conflict, a voided one is not pending.
                const result = await postHold(ctx.db, input).then(
                  (r) => r,
                  (e: unknown) => e,
                );
                if (result instanceof DomainError) {
                  expect(result.code).toBe(held.status === "voided" ? "ledger.hold_not_pending" : "ledger.idempotency_conflict");
                } else {
                  expect(held.status).toBe("posted");
                  expect((result as { replayed: boolean }).replayed).toBe(true);
                }
                continue;
              }
              const result = await postHold(ctx.db, input);
              expect(result.replayed).toBe(false);
              release();
              const lines: Lines = [
                [held.from, amountCny],
                [held.to, amountCny.negated()],
              ];
              apply(lines);
              held.status = "posted";
              model.entries.push({ id: result.entry.id, lines, reversed: false });
              replays.push(async () => expect(await postHold(ctx.db, input)).toEqual({ ...result, replayed: true }));
            } else {
              const input = { operatorId, holdId: held.id, voidedBy: SYSTEM };
              if (held.status === "posted") {
                await expectCode(voidHold(ctx.db, input), "ledger.hold_not_pending");
                continue;
              }
              const result = await voidHold(ctx.db, input);
              expect(result.replayed).toBe(held.status === "voided");
              if (held.status === "pending") {
                release();
                held.status = "voided";
                replays.push(async () => expect(await voidHold(ctx.db, input)).toEqual({ ...result, replayed: true }));
              }
            }
          } else if (step.op === "reverse") {
            if (model.entries.length === 0) continue;
            const original = model.entries[step.pick % model.entries.length]!;
            const input = { operatorId, entryId: original.id, idempotencyKey: `r-${++key}`, postedBy: SYSTEM };
            if (original.reversed) {
              await expectCode(reverseEntry(ctx.db, input), "ledger.already_reversed");
              continue;
            }
            const lines: Lines = original.lines.map(([i, signed]) => [i, signed.negated()]);
            if (!affordable(lines)) {
              await expectCode(reverseEntry(ctx.db, input), "ledger.insufficient_funds");
              continue;
            }
            const result = await reverseEntry(ctx.db, input);
            expect(result.replayed).toBe(false);
            apply(lines);
            original.reversed = true;
            model.entries.push({ id: result.entry.id, lines, reversed: false });
            replays.push(async () => expect(await reverseEntry(ctx.db, input)).toEqual({ ...result, replayed: true }));
          } else if (replays.length > 0) {
            await replays[step.pick % replays.length]!();
          }
        }

        const expectModel = async () => {
          for (const [i, accountId] of ids.entries()) {
            const balance = await getBalance(ctx.db, { operatorId, accountId });
            expect([i, balance.postedCny.toFixed(2), balance.pendingOutCny.toFixed(2)]).toEqual([
              i,
              model.posted[i]!.toFixed(2),
              model.pending[i]!.toFixed(2),
            ]);
            if (isWallet(i)) expect(balance.availableCny.isNegative()).toBe(false);
          }
          const report = await checkLedger(ctx.db, { operatorId });
          expect(report.violations).toEqual([]);
          expect(report.counts.entries).toBe(model.entries.length);
          expect(report.counts.holds).toBe(model.holds.length);
        };
        await expectModel();
        for (const replay of replays) await replay();
        await expectModel();
      }),
      { numRuns: 30 },
    );
  }, 120_000);
});
