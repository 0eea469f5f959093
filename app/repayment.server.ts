import type { DbOrTx } from "../db/client";
import { isDomainError, repayment } from "./services.server";

/**
 * The settlement certificate PDF, or a plain 404 page saying the loan is not settled
 * (never a 500): shared by the borrower's and the clerk's download routes.
 */
export async function certificateResponse(db: DbOrTx, input: { operatorId: string; loanId: string; borrowerUserId?: string }): Promise<Response> {
  let certificate: repayment.SettlementCertificate;
  try {
    certificate = await repayment.getSettlementCertificate(db, input);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return new Response("该笔借款尚未结清，暂无结清证明。\nThis loan is not settled yet, so there is no certificate.\n", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" },
    });
  }
  const pdf = await repayment.settlementCertificatePdf(certificate);
  const fileName = `${certificate.certificateNo}.pdf`;
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(`结清证明-${fileName}`)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
