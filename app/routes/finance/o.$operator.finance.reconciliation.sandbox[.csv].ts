import type { LoaderFunctionArgs } from "@remix-run/node";
import { getConfig } from "../../config.server";
import { dateParam } from "../../finance.server";
import { reconciliation } from "../../services.server";
import { requireUser } from "../../guard.server";

/**
 * DEMO ONLY (404 in production): one file a sandbox party would send for a day, generated
 * from our records of what the sandbox bank, operator, stores and Stripe did, so a newcomer
 * can download it and import it through the ordinary upload.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  if (getConfig().production) throw new Response("Not found", { status: 404 });
  const { operator, db } = await requireUser(request, params, "finance");
  const url = new URL(request.url);
  const date = dateParam(url, "date");
  const source = url.searchParams.get("source");
  if (!date || !reconciliation.isChannel(source)) throw new Response("Bad request", { status: 400 });
  const file = (await reconciliation.generateSandboxStatements(db, { operatorId: operator.id, date })).find((f) => f.source === source);
  if (!file) throw new Response("Not found", { status: 404 });
  return new Response(new TextDecoder("utf-8", { ignoreBOM: true }).decode(file.bytes), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file.fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}
