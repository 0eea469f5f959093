import type { LoaderFunctionArgs } from "@remix-run/node";
import { channels } from "../../services.server";
import { requireUser } from "../../guard.server";

/** The debit batch file exactly as it was sent to the bank. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, db } = await requireUser(request, params, "finance");
  const file = await channels.getPassbookBatchFile(db, { operatorId: operator.id, batchId: params.batchId ?? "" });
  if (!file) throw new Response("batch not found", { status: 404 });
  return new Response(file.csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file.fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}
