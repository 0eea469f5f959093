import type { LoaderFunctionArgs } from "@remix-run/node";
import { certificateResponse } from "../../repayment.server";
import { requireUser } from "../../guard.server";

/** The borrower's settlement certificate (结清证明) as a PDF: only the loan's own borrower. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, actor, db } = await requireUser(request, params);
  return certificateResponse(db, { operatorId: operator.id, loanId: params.loanId ?? "", borrowerUserId: actor.userId });
}
