import { renderPdf, type Pdf } from "../shared/pdf";
import type { DisclosureLabels } from "./labels";
import { FIGURE_SECTIONS, type PresentedDisclosure } from "./present";

/**
 * The report as an A4 PDF, made the same way as agreement PDFs (pdfkit, the CJK font of
 * @embedpdf/fonts-sc or PDF_CJK_FONT, embedded as a subset): figures by section, a bar
 * chart of outstanding principal over the trend months, the trend table and the notes.
 */
export async function disclosurePdf(report: PresentedDisclosure, labels: DisclosureLabels): Promise<Buffer> {
  const margin = 48;
  return renderPdf({ title: `${labels.title} ${report.month}`, margins: { top: margin, bottom: margin, left: margin, right: margin } }, (pdf) => {
    const width = pdf.page.width - 2 * margin;
    const left = margin;

    pdf.fontSize(18).text(labels.title, { align: "center" });
    pdf.moveDown(0.3);
    pdf.fontSize(10).fillColor("#444444").text(labels.subtitle, { align: "center" });
    pdf.fillColor("#000000").moveDown(0.8);

    drawFigures(pdf, report, labels, { left, width });
    drawTrendChart(pdf, report, labels, { left, width });
    drawTrendTable(pdf, report, labels, { left, width });

    pdf.moveDown(1);
    pdf.fontSize(8).fillColor("#555555");
    for (const note of labels.notes) pdf.text(note, left, pdf.y, { width, lineGap: 2 });
  });
}

const valueText = (value: string, labels: DisclosureLabels) => (value === "" ? labels.notAvailable : value);

/** The figures, section by section, each a label and a right-aligned value over a hairline. */
function drawFigures(pdf: Pdf, report: PresentedDisclosure, labels: DisclosureLabels, { left, width }: { left: number; width: number }): void {
  for (const section of FIGURE_SECTIONS) {
    const rows = report.rows.filter((r) => r.section === section);
    pdf.fontSize(12).text(labels.section(section), left, pdf.y);
    pdf.moveDown(0.2);
    pdf.fontSize(10);
    for (const row of rows) {
      const y = pdf.y;
      pdf.text(labels.figure(row.key), left + 8, y, { width: width * 0.65 });
      const after = pdf.y;
      pdf.text(valueText(row.value, labels), left + width * 0.65, y, { width: width * 0.35 - 8, align: "right" });
      pdf.y = Math.max(after, pdf.y);
      pdf
        .moveTo(left, pdf.y + 1)
        .lineTo(left + width, pdf.y + 1)
        .lineWidth(0.3)
        .strokeColor("#cccccc")
        .stroke();
      pdf.y += 3;
    }
    pdf.moveDown(0.6);
  }
}

/** On a new page: bars of outstanding principal per trend month. */
function drawTrendChart(pdf: Pdf, report: PresentedDisclosure, labels: DisclosureLabels, { left, width }: { left: number; width: number }): void {
  // Bars of outstanding principal (heights precomputed, 0–1000 of the tallest month).
  pdf.addPage();
  pdf.fontSize(12).text(`${labels.trendTitle} · ${labels.trendOutstanding}`, left, pdf.y);
  pdf.moveDown(0.4);
  const chartTop = pdf.y;
  const chartHeight = 140;
  const slot = width / Math.max(report.trend.length, 1);
  report.trend.forEach((p, i) => {
    const h = (chartHeight * p.outstandingBar) / 1000;
    pdf.rect(left + i * slot + slot * 0.15, chartTop + chartHeight - h, slot * 0.7, h).fill("#2563eb");
    pdf.fillColor("#333333").fontSize(7).text(p.month.slice(2), left + i * slot, chartTop + chartHeight + 3, { width: slot, align: "center" });
  });
  pdf.fillColor("#000000");
  pdf.y = chartTop + chartHeight + 20;
}

/** The trend table, one line per month. */
function drawTrendTable(pdf: Pdf, report: PresentedDisclosure, labels: DisclosureLabels, { left, width }: { left: number; width: number }): void {
  const cols = [labels.trendMonth, labels.trendDisbursed, labels.trendOutstanding, labels.trendOverdue, labels.trendRateByAmount, labels.trendRateByCount];
  const colWidth = width / cols.length;
  const line = (cells: string[], size: number) => {
    const y = pdf.y;
    let bottom = y;
    cells.forEach((cell, i) => {
      pdf.fontSize(size).text(cell, left + i * colWidth, y, { width: colWidth - 4, align: i === 0 ? "left" : "right" });
      bottom = Math.max(bottom, pdf.y);
    });
    pdf.y = bottom + 2;
  };
  pdf.moveDown(0.5);
  pdf.x = left;
  line(cols, 8.5);
  for (const p of report.trend) {
    line([p.month, p.monthDisbursed, p.outstandingPrincipal, p.overdue, valueText(p.overdueRateByAmount, labels), valueText(p.overdueRateByCount, labels)], 8.5);
  }
}
