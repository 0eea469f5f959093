import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditCsvResponse } from "../../audit.server";
import { requireUser } from "../../guard.server";

/** The audit log with the page's filters as CSV (the admin's copy of finance's export). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return auditCsvResponse(request, await requireUser(request, params, "admin"));
}
