import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import PDFDocument from "pdfkit";

/**
 * The CJK font embedded in agreement PDFs: Noto Sans Hans (Simplified Chinese, OFL) from
 * the npm package @embedpdf/fonts-sc, so `npm install` is all it takes. PDF_CJK_FONT may
 * name another OpenType/TrueType file (e.g. Debian's fonts-noto-cjk). pdfkit embeds only
 * the glyphs used (a subset), so a five-page agreement stays small.
 */
export function cjkFontPath(): string {
  const fromEnv = process.env.PDF_CJK_FONT;
  if (fromEnv) return fromEnv;
  const require = createRequire(import.meta.url);
  // The package exports no subpaths; its fonts sit beside dist/.
  const dist = path.dirname(require.resolve("@embedpdf/fonts-sc"));
  const file = path.join(dist, "..", "fonts", "NotoSansHans-Regular.otf");
  if (!existsSync(file)) throw new Error(`CJK font not found at ${file}; run npm install or set PDF_CJK_FONT`);
  return file;
}

export interface PdfAgreement {
  title: string;
  content: string;
  footer: string;
}

/** One PDF of the agreement's signed text (or the text to be signed), with a footer of the signature record. */
export async function agreementPdf(doc: PdfAgreement): Promise<Buffer> {
  const pdf = new PDFDocument({ size: "A4", margins: { top: 56, bottom: 56, left: 56, right: 56 }, info: { Title: doc.title, Producer: "普惠金融" }, compress: true });
  const chunks: Buffer[] = [];
  pdf.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    pdf.on("end", () => resolve());
    pdf.on("error", reject);
  });
  pdf.registerFont("cjk", cjkFontPath());
  pdf.font("cjk");
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
  pdf.end();
  await finished;
  return Buffer.concat(chunks);
}
