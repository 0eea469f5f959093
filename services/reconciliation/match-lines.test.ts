import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Cny } from "../ledger/money";
import { matchLines, type MatchConfig, type MatchResult, type OurItem, type TheirLine } from "./match-lines";
import { parseStatement } from "./parse-statement";
import { theirLinesFromStatement } from "./to-their-lines";

const config: MatchConfig = { dateWindowDays: 3, amountToleranceCny: new Cny("0.05") };
const asOf = "2026-11-30";

function their(id: string, amount: string, date: string, extra: Partial<TheirLine> = {}): TheirLine {
  return { id, source: "custody_statement", amountCny: new Cny(amount), date, kind: "CR", ...extra };
}

function our(id: string, amount: string, date: string, extra: Partial<OurItem> = {}): OurItem {
  return { id, amountCny: new Cny(amount), date, ...extra };
}

/** Results as plain values (amounts as fixed text), easy to compare and to read in a failure. */
function plain(results: readonly MatchResult[]): unknown[] {
  const toPlain = (value: unknown): unknown => {
    if (Cny.isDecimal(value)) return (value as InstanceType<typeof Cny>).toFixed(2);
    if (Array.isArray(value)) return value.map(toPlain);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, toPlain(inner)]));
    return value;
  };
  return results.map(toPlain);
}

function statusOf(results: readonly MatchResult[]): string[] {
  return results.map((result) => `${result.status}${"tier" in result ? `/${result.tier}` : ""} [${result.theirIds.join(",")}|${result.ourIds.join(",")}]`);
}

describe("matchLines — tier (a) reference", () => {
  it("matches the same reference and amount, and flags the same reference with another amount", () => {
    const results = matchLines(
      [their("t1", "100.00", "2026-11-20", { reference: "R1" }), their("t2", "50.00", "2026-11-20", { reference: "R2" })],
      [our("o1", "100.00", "2026-11-01", { reference: "R1" }), our("o2", "49.99", "2026-11-20", { reference: "R2" })],
      config,
      asOf,
    );
    expect(statusOf(results)).toEqual(["matched/reference [t1|o1]", "amount_differs/reference [t2|o2]"]);
    expect(plain(results)[1]).toMatchObject({ differenceCny: "0.01", ageDays: 10 });
    // A reference is firm evidence whatever the dates; the age is from the oldest side.
    expect(results[0]!.ageDays).toBe(29);
  });

  it("reports the same reference twice in their file as a duplicate of the first", () => {
    const results = matchLines(
      [their("f:10", "100.00", "2026-11-20", { reference: "R1" }), their("f:9", "100.00", "2026-11-20", { reference: "R1" })],
      [our("o1", "100.00", "2026-11-20", { reference: "R1" })],
      config,
      asOf,
    );
    expect(statusOf(results)).toEqual(["matched/reference [f:9|o1]", "duplicate [f:10|]"]);
    expect(results[1]).toMatchObject({ duplicateOf: "f:9" });
  });

  it("does not take the same reference from another source as a duplicate", () => {
    const results = matchLines(
      [their("c:2", "100.00", "2026-11-20", { reference: "R1" }), their("p:2", "100.00", "2026-11-20", { reference: "R1", source: "passbook_result" })],
      [],
      config,
      asOf,
    );
    expect(results.map((result) => result.status)).toEqual(["missing_in_ours", "missing_in_ours"]);
  });
});

describe("matchLines — tier (b) amount and date", () => {
  it("matches at exactly the tolerance and not one fen past it", () => {
    const atBoundary = matchLines([their("t1", "100.05", "2026-11-20")], [our("o1", "100.00", "2026-11-20")], config, asOf);
    expect(statusOf(atBoundary)).toEqual(["matched/amount_date [t1|o1]"]);
    expect(plain(atBoundary)[0]).toMatchObject({ differenceCny: "0.05" });

    const past = matchLines([their("t1", "100.06", "2026-11-20")], [our("o1", "100.00", "2026-11-20")], config, asOf);
    expect(statusOf(past)).toEqual(["missing_in_ours [t1|]", "missing_in_theirs [|o1]"]);
  });

  it("matches at exactly the date window and not one day past it, either way round", () => {
    expect(statusOf(matchLines([their("t1", "100.00", "2026-11-20")], [our("o1", "100.00", "2026-11-17")], config, asOf))).toEqual([
      "matched/amount_date [t1|o1]",
    ]);
    expect(statusOf(matchLines([their("t1", "100.00", "2026-11-20")], [our("o1", "100.00", "2026-11-23")], config, asOf))).toEqual([
      "matched/amount_date [t1|o1]",
    ]);
    expect(statusOf(matchLines([their("t1", "100.00", "2026-11-20")], [our("o1", "100.00", "2026-11-16")], config, asOf))).toEqual([
      "missing_in_ours [t1|]",
      "missing_in_theirs [|o1]",
    ]);
    expect(statusOf(matchLines([their("t1", "100.00", "2026-11-20")], [our("o1", "100.00", "2026-11-24")], config, asOf))).toEqual([
      "missing_in_ours [t1|]",
      "missing_in_theirs [|o1]",
    ]);
  });

  it("tries amount and date when the channel's reference is its own", () => {
    const results = matchLines([their("t1", "100.00", "2026-11-20", { reference: "BANK-7" })], [our("o1", "100.00", "2026-11-20")], config, asOf);
    expect(statusOf(results)).toEqual(["matched/amount_date [t1|o1]"]);
  });

  it("does not pair two different references because their amounts agree", () => {
    const results = matchLines(
      [their("t1", "100.00", "2026-11-20", { reference: "R001" })],
      [our("o1", "100.00", "2026-11-20", { reference: "R002" })],
      config,
      asOf,
    );
    expect(statusOf(results)).toEqual(["missing_in_ours [t1|]", "missing_in_theirs [|o1]"]);
  });

  it("flags a line with two equally good candidates as ambiguous and guesses neither", () => {
    const results = matchLines(
      [their("t1", "100.00", "2026-11-20")],
      [our("o1", "100.00", "2026-11-19"), our("o2", "100.02", "2026-11-21")],
      config,
      asOf,
    );
    expect(statusOf(results)).toEqual(["ambiguous [t1|o1,o2]"]);
  });

  it("flags two lines that share their only candidate as ambiguous", () => {
    const results = matchLines(
      [their("t1", "100.00", "2026-11-20"), their("t2", "100.01", "2026-11-20")],
      [our("o1", "100.00", "2026-11-20")],
      config,
      asOf,
    );
    expect(statusOf(results)).toEqual(["ambiguous [t1|o1]", "ambiguous [t2|o1]"]);
  });

  it("matches one copy of a line sent twice and reports the other as a duplicate", () => {
    const raw = "2026-11-20,B77,CR,100.00,张三,还款";
    const results = matchLines(
      [their("t1", "100.00", "2026-11-20", { raw }), their("t2", "100.00", "2026-11-20", { raw })],
      [our("o1", "100.00", "2026-11-20")],
      config,
      asOf,
    );
    expect(statusOf(results)).toEqual(["matched/amount_date [t1|o1]", "duplicate [t2|]"]);
    expect(results[1]).toMatchObject({ duplicateOf: "t1" });
  });
});

describe("matchLines — tier (c) grouped", () => {
  const fixture = (name: string) => readFileSync(join(import.meta.dirname, "fixtures", name));
  const settlement = theirLinesFromStatement(parseStatement("phonebill_settlement", fixture("phonebill-settlement.csv")), "pb");
  const requests = [
    our("o1", "500.00", "2026-11-20", { reference: "PB20261120000001", entryId: "e1" }),
    our("o2", "300.00", "2026-11-20", { reference: "PB20261120000002", entryId: "e2" }),
    our("o3", "405.10", "2026-11-19", { reference: "PB20261120000003", entryId: "e3" }),
  ];

  it("matches a settlement against the requests it covers, net of commission, and returns the fee", () => {
    expect(settlement).toHaveLength(1);
    const results = matchLines(settlement, requests, config, asOf);
    expect(statusOf(results)).toEqual(["matched/grouped [pb:2|o1,o2,o3]"]);
    expect(plain(results)[0]).toMatchObject({ feeCny: "24.10", differenceCny: "0.00", ageDays: 11 });
  });

  it("shows a settlement whose requests do not add up, with the request we have no item for", () => {
    const results = matchLines(settlement, requests.slice(0, 2), config, asOf);
    expect(statusOf(results)).toEqual(["amount_differs/grouped [pb:2|o1,o2]"]);
    expect(plain(results)[0]).toMatchObject({ differenceCny: "405.10", missingReferences: ["PB20261120000003"], netOfFeeHolds: true });
  });

  it("matches a payout by group key and refuses one whose net is not gross − fee", () => {
    const payout = (net: string) =>
      their("s:9", "1500.00", "2026-11-27", {
        source: "stripe_balance",
        kind: "payout",
        reference: "po_1",
        feeCny: new Cny("51.00"),
        group: { key: "po_1", memberReferences: [], netCny: new Cny(net) },
      });
    const charges = [our("o1", "1000.00", "2026-11-20", { groupKey: "po_1" }), our("o2", "500.00", "2026-11-21", { groupKey: "po_1" })];
    expect(statusOf(matchLines([payout("1449.00")], charges, config, asOf))).toEqual(["matched/grouped [s:9|o1,o2]"]);
    const wrongNet = matchLines([payout("1450.00")], charges, config, asOf);
    expect(statusOf(wrongNet)).toEqual(["amount_differs/grouped [s:9|o1,o2]"]);
    expect(wrongNet[0]).toMatchObject({ netOfFeeHolds: false });
  });

  it("keeps a group's items from being matched one by one", () => {
    const results = matchLines([...settlement, their("c:2", "500.00", "2026-11-20")], requests, config, asOf);
    expect(statusOf(results)).toEqual(["missing_in_ours [c:2|]", "matched/grouped [pb:2|o1,o2,o3]"]);
  });
});

describe("matchLines — results", () => {
  it("reports what is left on each side with its age", () => {
    const results = matchLines([their("t1", "7.00", "2026-11-28")], [our("o1", "9.00", "2026-11-01")], config, asOf);
    expect(plain(results)).toEqual([
      { status: "missing_in_ours", theirIds: ["t1"], ourIds: [], ageDays: 2 },
      { status: "missing_in_theirs", theirIds: [], ourIds: ["o1"], ageDays: 29 },
    ]);
  });

  it("reconciles a store's cash report end to end", () => {
    const lines = theirLinesFromStatement(
      parseStatement("store_cash", readFileSync(join(import.meta.dirname, "fixtures", "store-cash.csv"))),
      "S001-20261121",
    );
    const results = matchLines(
      lines,
      [
        our("topup-1", "5000.00", "2026-11-21", { reference: "R2026112100002" }),
        our("repay-1", "1216.67", "2026-11-21", { reference: "R2026112100001" }),
        our("repay-2", "783.30", "2026-11-21", { reference: "R2026112100003" }),
        our("repay-3", "300.00", "2026-11-21", { reference: "R2026112100004" }),
      ],
      config,
      asOf,
    );
    expect(statusOf(results)).toEqual([
      "matched/reference [S001-20261121:2|repay-1]",
      "matched/reference [S001-20261121:3|topup-1]",
      "amount_differs/reference [S001-20261121:4|repay-2]",
      "missing_in_theirs [|repay-3]",
    ]);
  });

  it("does not depend on the order of its input", () => {
    const amounts = ["100.00", "100.03", "100.10", "250.00"];
    const dates = ["2026-11-18", "2026-11-20", "2026-11-22", "2026-11-25"];
    const references = [undefined, undefined, "R1", "R2", "R3"];
    const theirArb = fc.record({
      amount: fc.constantFrom(...amounts),
      date: fc.constantFrom(...dates),
      reference: fc.constantFrom(...references),
      copy: fc.boolean(),
    });
    const ourArb = fc.record({
      amount: fc.constantFrom(...amounts),
      date: fc.constantFrom(...dates),
      reference: fc.constantFrom(...references),
      groupKey: fc.constantFrom(undefined, undefined, "G1"),
    });
    const groupArb = fc.option(fc.record({ amount: fc.constantFrom("200.00", "350.00"), memberReference: fc.constantFrom("R1", "R2") }));
    const scenario = fc
      .record({ theirs: fc.array(theirArb, { maxLength: 8 }), ours: fc.array(ourArb, { maxLength: 8 }), group: groupArb })
      .map(({ theirs, ours, group }) => {
        const theirLines: TheirLine[] = theirs.map((line, i) =>
          their(`t:${i}`, line.amount, line.date, {
            ...(line.reference && { reference: line.reference }),
            // Some lines are copies of a fixed text, to exercise duplicates.
            raw: line.copy ? `${line.date},${line.amount}` : `line ${i}`,
          }),
        );
        if (group) {
          theirLines.push(
            their("t:g", group.amount, "2026-11-25", {
              source: "phonebill_settlement",
              feeCny: new Cny("1.00"),
              group: { key: "G1", memberReferences: [group.memberReference], netCny: new Cny(group.amount).minus(1) },
            }),
          );
        }
        const ourItems = ours.map((item, i) =>
          our(`o:${i}`, item.amount, item.date, { ...(item.reference && { reference: item.reference }), ...(item.groupKey && { groupKey: item.groupKey }) }),
        );
        return { theirLines, ourItems };
      })
      .chain(({ theirLines, ourItems }) =>
        fc.record({
          theirLines: fc.constant(theirLines),
          ourItems: fc.constant(ourItems),
          shuffledTheirs: fc.shuffledSubarray(theirLines, { minLength: theirLines.length }),
          shuffledOurs: fc.shuffledSubarray(ourItems, { minLength: ourItems.length }),
        }),
      );
    fc.assert(
      fc.property(scenario, ({ theirLines, ourItems, shuffledTheirs, shuffledOurs }) => {
        const results = matchLines(theirLines, ourItems, config, asOf);
        expect(plain(matchLines(shuffledTheirs, shuffledOurs, config, asOf))).toEqual(plain(results));
        // Every line and item is accounted for exactly once.
        const theirIds = results.flatMap((result) => result.theirIds).sort();
        expect(theirIds).toEqual(theirLines.map((line) => line.id).sort());
        const ourIds = results.flatMap((result) => result.ourIds);
        expect([...new Set(ourIds)].sort()).toEqual(ourItems.map((item) => item.id).sort());
      }),
      { numRuns: 300 },
    );
  });
});
