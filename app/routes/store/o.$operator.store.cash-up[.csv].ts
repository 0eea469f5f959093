import type { LoaderFunctionArgs } from "@remix-run/node";
import { orBadRequest } from "../../forms.server";
import { repayment } from "../../services.server";
import { requireUser } from "../../guard.server";

/** The store daily cash report (docs/file-formats.md): `store-cash-<storeCode>-<YYYYMMDD>.csv`, the clerk's own store. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params, "store_clerk");
  const date = new URL(request.url).searchParams.get("date") ?? undefined;
  const day = await orBadRequest(repayment.getStoreDay(db, { operatorId: operator.id, clerkUserId: session.user.id, ...(date ? { date } : {}) }));
  const { fileName, csv } = repayment.storeCashReportCsv(day);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
