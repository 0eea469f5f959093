import type { LoaderFunctionArgs } from "@remix-run/node";
import { dateParam } from "../../finance.server";
import { channels } from "../../services.server";
import { requireUser } from "../../guard.server";

/** SANDBOX: the settlement file the sandbox operator would send for a day (to try the import). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, db } = await requireUser(request, params, "finance");
  const date = dateParam(new URL(request.url), "date");
  if (!date) throw new Response("date required (YYYY-MM-DD)", { status: 400 });
  const file = await new channels.SandboxOperatorBilling(db, operator.id).settlementFile(date);
  if (!file) throw new Response("nothing to settle that day", { status: 404 });
  return new Response(file.csv, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${file.fileName}"`, "Cache-Control": "no-store" },
  });
}
