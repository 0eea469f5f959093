import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import PDFDocument from "pdfkit";

/**
 * The CJK font embedded in every PDF we make: Noto Sans Hans (Simplified Chinese, OFL) from
 * the npm package @embedpdf/fonts-sc, so `npm install` is all it takes. PDF_CJK_FONT may
 * name another OpenType/TrueType file (e.g. Debian's fonts-noto-cjk). pdfkit embeds only
 * the glyphs used (a subset), so documents stay small.
 */
export function cjkFontPath(): string {
  const fromEnv = process.env.PDF_CJK_FONT;
  if (fromEnv) return fromEnv;
  const require = createRequire(import.meta.url);
  // The package exports no subpaths; its fonts sit beside dist/.
  const dist = path.dirname(require.resolve("@embedpdf/fonts-sc"));
  const file = path.join(dist, "..", "fonts", "NotoSansHans-Regular.otf");
  if (!existsSync(file))
    throw new Error(
      `CJK font not found at ${file}; run npm install or set PDF_CJK_FONT`
    );
  return file;
}

export type Pdf = InstanceType<typeof PDFDocument>;

/**
 * An A4 PDF with the CJK font selected: `draw` writes the pages, the bytes come back. The
 * one way the portal makes PDFs (agreements, certificates, reports).
 */
export async function renderPdf(
  options: {
    title: string;
    margins: { top: number; bottom: number; left: number; right: number };
  },
  draw: (pdf: Pdf) => void
): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: "A4",
    margins: options.margins,
    info: { Title: options.title, Producer: "普惠金融" },
    compress: true,
  });
  const chunks: Buffer[] = [];
  pdf.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    pdf.on("end", () => resolve());
    pdf.on("error", reject);
  });
  pdf.registerFont("cjk", cjkFontPath());
  pdf.font("cjk");
  draw(pdf);
  pdf.end();
  await finished;
  return Buffer.concat(chunks);
}
