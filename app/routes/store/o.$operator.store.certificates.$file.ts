import type { LoaderFunctionArgs } from "@remix-run/node";
import { certificateResponse } from "../../repayment.server";
import { requireUser } from "../../guard.server";

/** `/store/certificates/<loanId>.pdf`: a clerk of the operator prints a settled loan's certificate (结清证明). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, db } = await requireUser(request, params, "store_clerk");
  const file = params.file ?? "";
  if (!file.endsWith(".pdf")) throw new Response("Not found", { status: 404 });
  return certificateResponse(db, { operatorId: operator.id, loanId: file.slice(0, -4) });
}
