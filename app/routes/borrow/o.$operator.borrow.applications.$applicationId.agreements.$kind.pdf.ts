import type { LoaderFunctionArgs } from "@remix-run/node";
import { orBadRequest } from "../../forms.server";
import { borrowing } from "../../services.server";
import { requireUser } from "../../guard.server";

/** The agreement as a PDF with an embedded Chinese font: the signed text and its record, or the text to be signed. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { operator, actor, db } = await requireUser(request, params);
  const kind = params.kind ?? "";
  if (!(borrowing.AGREEMENT_KINDS as readonly string[]).includes(kind)) throw new Response("Not found", { status: 404 });
  const { app } = await orBadRequest(borrowing.loadApplicationFor(db, { operatorId: operator.id, applicationId: params.applicationId ?? "", actor }));
  const signed = await borrowing.getSignature(db, { applicationId: app.id, kind });
  let title: string;
  let content: string;
  let footer: string;
  if (signed) {
    title = signed.title;
    content = signed.content;
    footer = `电子签署记录：签署时间 ${signed.signedAt.toISOString()}；模板版本 ${signed.templateVersion}；IP ${signed.ip}；文档哈希 SHA-256 ${signed.documentHash}`;
  } else {
    const { agreements } = await orBadRequest(borrowing.previewAgreements(db, { operatorId: operator.id, applicationId: app.id, actor, operatorNameZh: operator.nameZh }));
    const draft = agreements.find((a) => a.kind === kind)!;
    title = draft.title;
    content = draft.content;
    footer = `待签署文本（未签署）；模板版本 ${draft.templateVersion}；文档哈希 SHA-256 ${draft.documentHash}`;
  }
  const pdf = await borrowing.agreementPdf({ title, content, footer });
  const filename = `${borrowing.contractNo(app)}-${kind}.pdf`;
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(`${title}-${filename}`)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
