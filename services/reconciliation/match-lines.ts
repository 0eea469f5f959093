import type Decimal from "decimal.js";
import { isCalendarDate } from "../shared/calendar";
import { assert } from "../shared/errors";
import { sumCny, ZERO_CNY } from "../ledger/money";
import type { OurItem, TheirLine } from "../statements/statement-channel";

export type { OurItem, TheirLine } from "../statements/statement-channel";

export type MatchConfig = {
  /** How many calendar days apart an amount-and-date match may be (inclusive). */
  dateWindowDays: number;
  /** How far apart amounts may be in an amount-and-date match (inclusive). */
  amountToleranceCny: Decimal;
};

export type MatchTier = "reference" | "amount_date" | "grouped";

type Common = {
  theirIds: readonly string[];
  ourIds: readonly string[];
  /** Days from the oldest line in the result to asOf (negative when dated after asOf). */
  ageDays: number;
};

export type MatchResult =
  | (Common & { status: "matched"; tier: MatchTier; differenceCny: Decimal; feeCny: Decimal })
  | (Common & {
      status: "amount_differs";
      tier: "reference" | "grouped";
      /** Theirs minus ours. */
      differenceCny: Decimal;
      /** Group members the channel named that we have no item for. */
      missingReferences: readonly string[];
      /** For a group: whether gross − fee = net held. */
      netOfFeeHolds: boolean;
    })
  | (Common & { status: "missing_in_ours" })
  | (Common & { status: "missing_in_theirs" })
  | (Common & { status: "duplicate"; duplicateOf: string })
  /** ourIds are the candidates; none is picked, finance decides. */
  | (Common & { status: "ambiguous" });

export type MatchStatus = MatchResult["status"];

/**
 * Matches an outside party's lines against our ledger-side items, in tiers: exact
 * reference, then grouped payouts and settlements, then amount-and-date when exactly one
 * candidate fits on each side. Nothing is guessed: a line with several equally good
 * candidates is `ambiguous`. The result does not depend on the order of the input.
 */
export function matchLines(
  theirs: readonly TheirLine[],
  ours: readonly OurItem[],
  config: MatchConfig,
  asOf: string,
): MatchResult[] {
  checkInput(theirs, ours, config, asOf);
  const run = new MatchRun(sortById(theirs), sortById(ours), config, asOf);
  run.matchGroups();
  run.matchReferences();
  run.matchAmountAndDate();
  run.reportLeftovers();
  return run.sortedResults();
}

class MatchRun {
  private readonly results: MatchResult[] = [];
  /** Their lines settled one way or another (matched, duplicate, ambiguous…). */
  private readonly theirDone = new Set<string>();
  /** Our items used by a result (matched, differing, or candidates of an ambiguous line). */
  private readonly ourDone = new Set<string>();
  /** Their lines that matched, to recognise the same line sent again. */
  private readonly matchedTheirs: TheirLine[] = [];

  constructor(
    private readonly theirs: readonly TheirLine[],
    private readonly ours: readonly OurItem[],
    private readonly config: MatchConfig,
    private readonly asOf: string,
  ) {}

  /** Tier (c): a payout or settlement against the sum of the items it covers, net of fee. */
  matchGroups(): void {
    const primaries = this.firstOfEach(
      this.theirs.filter((line) => line.group),
      (line) => `${line.source}\u0000${line.group!.key}`,
    );
    for (const line of primaries) {
      const group = line.group!;
      const members = this.ours.filter(
        (item) =>
          !this.ourDone.has(item.id) &&
          (item.groupKey === group.key || (item.reference !== undefined && group.memberReferences.includes(item.reference))),
      );
      if (members.length === 0) continue; // left for missing_in_ours
      const ourTotalCny = sumCny(members.map((item) => item.amountCny));
      const feeCny = line.feeCny ?? ZERO_CNY;
      const netOfFeeHolds = line.amountCny.minus(feeCny).eq(group.netCny);
      const found = new Set(members.map((item) => item.reference));
      const missingReferences = [...new Set(group.memberReferences.filter((reference) => !found.has(reference)))].sort(compareText);
      const differenceCny = line.amountCny.minus(ourTotalCny);
      if (differenceCny.isZero() && netOfFeeHolds && missingReferences.length === 0) {
        this.addMatched("grouped", line, members, feeCny);
      } else {
        this.add(
          { status: "amount_differs", tier: "grouped", differenceCny, missingReferences, netOfFeeHolds },
          [line],
          members,
        );
      }
    }
  }

  /** Tier (a): the same reference on both sides. */
  matchReferences(): void {
    const withReference = this.theirs.filter((line) => !line.group && !this.theirDone.has(line.id) && line.reference !== undefined);
    for (const line of this.firstOfEach(withReference, (candidate) => `${candidate.source}\u0000${candidate.reference!}`)) {
      const sameReference = this.ours.filter((item) => !this.ourDone.has(item.id) && item.reference === line.reference);
      if (sameReference.length === 0) continue; // perhaps the channel's own reference: try amount and date
      const sameAmount = sameReference.filter((item) => item.amountCny.eq(line.amountCny));
      if (sameAmount.length === 1) {
        this.addMatched("reference", line, sameAmount, line.feeCny ?? ZERO_CNY);
      } else if (sameAmount.length === 0 && sameReference.length === 1) {
        const differenceCny = line.amountCny.minus(sameReference[0]!.amountCny);
        this.add(
          { status: "amount_differs", tier: "reference", differenceCny, missingReferences: [], netOfFeeHolds: true },
          [line],
          sameReference,
        );
      } else {
        // Our references are unique by design; two items sharing one need a person to look.
        this.add({ status: "ambiguous" }, [line], sameAmount.length > 0 ? sameAmount : sameReference);
      }
    }
  }

  /**
   * Tier (b): amount within tolerance and date within the window, when exactly one
   * candidate fits on each side. Lines identical to each other are interchangeable, so
   * one item fitting two copies of the same line is not a guess: the first copy takes it.
   */
  matchAmountAndDate(): void {
    const lines = this.theirs.filter((line) => !line.group && !this.theirDone.has(line.id));
    const items = this.ours.filter((item) => !this.ourDone.has(item.id));
    const candidatesOfLine = new Map(lines.map((line) => [line.id, items.filter((item) => this.fits(line, item))]));
    const candidatesOfItem = new Map(items.map((item) => [item.id, lines.filter((line) => this.fits(line, item))]));

    const ambiguous: TheirLine[] = [];
    for (const line of lines) {
      const candidates = candidatesOfLine.get(line.id)!;
      if (candidates.length === 0) continue;
      const only = candidates.length === 1 ? candidates[0]! : undefined;
      const rivals = only ? candidatesOfItem.get(only.id)! : [];
      if (only && rivals.every((rival) => sameLine(rival, line)) && rivals[0]!.id === line.id) {
        this.addMatched("amount_date", line, [only], line.feeCny ?? ZERO_CNY);
      } else {
        ambiguous.push(line);
      }
    }
    for (const line of ambiguous) {
      if (this.matchedTheirs.some((matched) => sameLine(matched, line))) continue; // a duplicate, reported below
      this.add({ status: "ambiguous" }, [line], candidatesOfLine.get(line.id)!);
    }
  }

  /** What is left: lines sent twice, lines we have nothing for, items they have nothing for. */
  reportLeftovers(): void {
    for (const line of this.theirs) {
      if (this.theirDone.has(line.id)) continue;
      const original = this.matchedTheirs.find((matched) => sameLine(matched, line));
      if (original) this.add({ status: "duplicate", duplicateOf: original.id }, [line], []);
      else this.add({ status: "missing_in_ours" }, [line], []);
    }
    for (const item of this.ours) {
      if (!this.ourDone.has(item.id)) this.add({ status: "missing_in_theirs" }, [], [item]);
    }
  }

  sortedResults(): MatchResult[] {
    // Results naming their lines first, then our items, each by the first id they name.
    const key = (result: MatchResult): [number, string] =>
      result.theirIds.length > 0 ? [0, result.theirIds[0]!] : [1, result.ourIds[0]!];
    return [...this.results].sort((a, b) => {
      const [sideA, idA] = key(a);
      const [sideB, idB] = key(b);
      return sideA - sideB || compareText(idA, idB);
    });
  }

  private fits(line: TheirLine, item: OurItem): boolean {
    // Two different references were given independently: evidence of two different payments.
    if (line.reference !== undefined && item.reference !== undefined && line.reference !== item.reference) return false;
    if (line.amountCny.minus(item.amountCny).abs().gt(this.config.amountToleranceCny)) return false;
    return Math.abs(daysBetween(line.date, item.date)) <= this.config.dateWindowDays;
  }

  /**
   * The first line (by id) of each key is the one matched; later lines with the same key
   * from the same source are the same payment reported again.
   */
  private firstOfEach(lines: readonly TheirLine[], keyOf: (line: TheirLine) => string): TheirLine[] {
    const first = new Map<string, TheirLine>();
    for (const line of lines) {
      const original = first.get(keyOf(line));
      if (original) this.add({ status: "duplicate", duplicateOf: original.id }, [line], []);
      else first.set(keyOf(line), line);
    }
    return [...first.values()];
  }

  private addMatched(tier: MatchTier, line: TheirLine, items: readonly OurItem[], feeCny: Decimal): void {
    const differenceCny = line.amountCny.minus(sumCny(items.map((item) => item.amountCny)));
    this.add({ status: "matched", tier, differenceCny, feeCny }, [line], items);
    this.matchedTheirs.push(line);
  }

  private add(
    outcome: DistributiveOmit<MatchResult, keyof Common>,
    lines: readonly TheirLine[],
    items: readonly OurItem[],
  ): void {
    for (const line of lines) this.theirDone.add(line.id);
    for (const item of items) this.ourDone.add(item.id);
    const dates = [...lines.map((line) => line.date), ...items.map((item) => item.date)].sort();
    const common: Common = {
      theirIds: lines.map((line) => line.id),
      ourIds: items.map((item) => item.id),
      ageDays: daysBetween(dates[0]!, this.asOf),
    };
    this.results.push({ ...outcome, ...common } as MatchResult);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Same line sent twice: same source, kind, reference, amount and date, and the same text when known. */
function sameLine(a: TheirLine, b: TheirLine): boolean {
  return (
    a.source === b.source &&
    a.kind === b.kind &&
    a.reference === b.reference &&
    a.amountCny.eq(b.amountCny) &&
    a.date === b.date &&
    a.raw === b.raw
  );
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole calendar days from `from` to `to`. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Ids compare with their numbers as numbers, so file:9 comes before file:10. */
const collator = new Intl.Collator("en", { numeric: true });
function compareText(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

function sortById<T extends { id: string }>(values: readonly T[]): T[] {
  return [...values].sort((a, b) => compareText(a.id, b.id));
}

/** Programmer errors: the caller builds these inputs, so bad ones fail loudly. */
function checkInput(theirs: readonly TheirLine[], ours: readonly OurItem[], config: MatchConfig, asOf: string): void {
  assert(Number.isInteger(config.dateWindowDays) && config.dateWindowDays >= 0, "dateWindowDays is a whole number ≥ 0");
  assert(!config.amountToleranceCny.isNegative(), "amountToleranceCny ≥ 0");
  assert(isCalendarDate(asOf), `asOf ${asOf} is a calendar date`);
  assert(new Set(theirs.map((line) => line.id)).size === theirs.length, "their line ids are unique");
  assert(new Set(ours.map((item) => item.id)).size === ours.length, "our item ids are unique");
  for (const line of theirs) assert(isCalendarDate(line.date), `their line ${line.id} has a calendar date`);
  for (const item of ours) assert(isCalendarDate(item.date), `our item ${item.id} has a calendar date`);
}
