import type { DbOrTx } from "../../db/client";
import { toCsv, type CsvCell } from "../shared/csv";
import { addDays } from "../shared/calendar";
import { loadResultsWithState } from "./load-breaks";

/** The breaks (everything not matched) of the last `days` days up to `toDate`, as CSV with BOM for Excel. */
export async function breaksReportCsv(db: DbOrTx, input: { operatorId: string; toDate: string; days?: number }): Promise<string> {
  const fromDate = addDays(input.toDate, -((input.days ?? 14) - 1));
  const rows = (await loadResultsWithState(db, { operatorId: input.operatorId, fromDate, toDate: input.toDate })).filter((r) => r.state !== "matched");
  const header: CsvCell[] = ["渠道 channel", "日期 date", "状态 status", "处理 state", "金额 amount", "差额 difference", "账龄(天) age days", "对方行 their lines", "我方 our items", "处理说明 resolution"];
  const lines: CsvCell[][] = rows.map(({ result, state, resolutions }) => {
    const details = result.details as { their?: { reference: string | null; lineNo: number }[]; ours?: { label: string }[] };
    return [
      result.channel,
      result.date,
      result.status,
      state,
      { amount: result.amount },
      { amount: result.difference },
      String(result.ageDays),
      (details.their ?? []).map((l) => `#${l.lineNo} ${l.reference ?? ""}`.trim()).join("; "),
      (details.ours ?? []).map((o) => o.label).join("; "),
      resolutions.map((r) => `${r.kind}: ${r.note}`).join("; "),
    ];
  });
  return toCsv([header, ...lines]);
}
