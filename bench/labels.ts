/**
 * Label benchmark: time to stream a 10,000-label PDF (A4 grid, QR with the Digital Link of each
 * code), against rendering the same 10,000 symbols alone as SVG in the same run.
 */
import { streamLabelPdf } from '../src/modules/labels/labels.pdf.ts';
import { renderSymbol } from '../src/modules/labels/labels.render.ts';
import { randomSerial } from '../src/modules/issuance/issuance.service.ts';

export async function benchLabels(count = 10_000) {
  const serials = Array.from({ length: count }, () => randomSerial());
  const url = (s: string) => `https://trace.example.cn/01/06901234567892/21/${s}`;
  let t = performance.now();
  for (const s of serials) await renderSymbol({ symbol: 'qr', data: url(s), format: 'svg' });
  const svgSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  let bytes = 0;
  const labels = (function* () {
    for (const s of serials) yield { symbol: 'qr' as const, data: url(s), caption: [`(01)06901234567892(21)${s}`, 'LOT L2026-11A  2026-11-20'] };
  })();
  for await (const chunk of streamLabelPdf({ layout: 'a4-grid', labels })) bytes += (chunk as Buffer).length;
  const pdfSeconds = (performance.now() - t) / 1000;
  return {
    labels: count,
    pdfSeconds: Number(pdfSeconds.toFixed(1)),
    pdfMb: Number((bytes / 1e6).toFixed(1)),
    baselineSvgOnlySeconds: Number(svgSeconds.toFixed(1)),
    ratioToSvgOnly: Number((pdfSeconds / svgSeconds).toFixed(2)),
  };
}
