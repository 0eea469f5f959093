import { renderPdf } from "../shared/pdf";

export { cjkFontPath } from "../shared/pdf";

export interface PdfAgreement {
  title: string;
  content: string;
  footer: string;
}

/** One PDF of the agreement's signed text (or the text to be signed), with a footer of the signature record. */
export async function agreementPdf(doc: PdfAgreement): Promise<Buffer> {
  return renderPdf({ title: doc.title, margins: { top: 56, bottom: 56, left: 56, right: 56 } }, (pdf) => {
    const [heading, ...lines] = doc.content.split("\n");
    pdf.fontSize(18).text(heading ?? doc.title, { align: "center" });
    pdf.moveDown(0.8);
    pdf.fontSize(10.5);
    for (const line of lines) {
      if (line === "") pdf.moveDown(0.5);
      else pdf.text(line, { lineGap: 3 });
    }
    pdf.moveDown(1.5);
    pdf.fontSize(8.5).fillColor("#555555").text(doc.footer, { lineGap: 2 });
  });
}
