import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../../guard.server";
import { orBadRequest } from "../../forms.server";
import { investing } from "../../services.server";

/** The investor's certificate (出借凭证) for their investments in one loan, as a PDF: only their own. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, session, db } = await requireUser(request, params);
  const certificate = await orBadRequest(investing.getInvestmentCertificate(db, { operatorId: operator.id, investorUserId: session.user.id, loanId: params.loanId ?? "" }));
  const pdf = await investing.investmentCertificatePdf(certificate);
  const fileName = `${certificate.certificateNo}.pdf`;
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(`出借凭证-${fileName}`)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
