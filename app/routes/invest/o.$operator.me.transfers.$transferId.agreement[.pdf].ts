import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../../guard.server";
import { orBadRequest } from "../../forms.server";
import { transfers } from "../../services.server";

/** The transfer agreement (债权转让协议) of a sold transfer, as a PDF: only for its seller and its buyer. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params);
  const agreement = await orBadRequest(transfers.getTransferAgreement(db, { operatorId: operator.id, userId: session.user.id, transferId: params.transferId ?? "" }));
  const pdf = await transfers.transferAgreementPdf(agreement);
  const fileName = `${agreement.agreementNo}.pdf`;
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(`债权转让协议-${fileName}`)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
