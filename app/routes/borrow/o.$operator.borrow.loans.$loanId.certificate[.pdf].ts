import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "../../borrowing.server";
import { certificateResponse } from "../../repayment.server";

/** The borrower's settlement certificate (结清证明) as a PDF: only the loan's own borrower. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, actor, db } = await requireActor(request, params);
  return certificateResponse(db, { operatorId: operator.id, loanId: params.loanId ?? "", borrowerUserId: actor.userId });
}
