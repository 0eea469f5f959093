import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../../guard.server";
import { orBadRequest } from "../../forms.server";
import { investing } from "../../services.server";

/** The investor's own copy of the loan agreement (借款协议（出借人版）) for one holding, as a PDF: only their own. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params);
  const contract = await orBadRequest(investing.getInvestorContract(db, { operatorId: operator.id, investorUserId: session.user.id, loanId: params.loanId ?? "" }));
  const pdf = await investing.investorContractPdf(contract);
  const fileName = `${contract.contractNo}.pdf`;
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(`借款协议-${fileName}`)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
