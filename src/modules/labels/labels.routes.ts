/** HTTP for labels: the issued codes as printable PDFs, and one code's symbol. */
import type { App } from '../../server/contract.ts';
import { AppError, fieldError, notFound, validationFailed } from '../../server/errors.ts';
import type { IssuanceService } from '../issuance/issuance.service.ts';
import { streamLabelPdf } from './labels.pdf.ts';
import { LabelError, type SymbolKind, encodeSymbol, renderSymbol } from './labels.render.ts';
import { CodeLabelParams, CodeLabelQuery, LabelPng, LabelSvg, LabelsPdf, LabelsPdfParams, LabelsPdfQuery } from './labels.schemas.ts';

type LabelCode = { seq: number | null; code: string; serial: string | null; scheme: string; gtin: string | null; lot: string; productionDate: string };

/** What a code's symbol carries: its Digital Link (QR), or its GS1 element string with date and lot (DataMatrix). */
function symbolData(c: LabelCode, symbol: SymbolKind, toDigitalLink: (code: string) => string): string {
  if (symbol === 'qr') return toDigitalLink(c.code);
  if (symbol === 'gs1-datamatrix') {
    if (!c.gtin) throw new AppError(400, 'validation_failed', 'problem.validation_failed.detail', { count: 1 }, [fieldError('querystring.symbol', 'enum', 'field.enum', { allowed: 'qr, datamatrix' })]);
    return `(01)${c.gtin}(11)${c.productionDate.slice(2).replace(/-/g, '')}(10)${c.lot}(21)${c.serial ?? ''}`;
  }
  return c.code;
}

/** A label library error as our problem (the field and what was wrong). */
async function asProblem<T>(f: () => T | Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof LabelError) throw validationFailed([fieldError(`label.${e.field}`, e.code, 'field.invalid', { reason: e.message })]);
    throw e;
  }
}

const caption = (c: LabelCode) => [c.code, ...(c.gtin ? [`GTIN ${c.gtin}`] : []), `LOT ${c.lot}  ${c.productionDate}`];

export interface LabelsRoutesOptions {
  /** The issued codes, asked of the issuance module (which authorizes the caller). */
  readonly issuance: Pick<IssuanceService, 'labelData'>;
  /** A code's GS1 Digital Link on the platform (what a QR symbol carries). */
  readonly toDigitalLink: (code: string) => string;
}

export async function labelsRoutes(app: App, { issuance, toDigitalLink }: LabelsRoutesOptions) {
  app.get('/api/v1/issuances/:id/labels.pdf', {
    schema: {
      operationId: 'labels.getPdf', tags: ['codes'], summary: 'Printable labels of the issued codes (PDF, streamed): A4 grid or 60x40 mm thermal', params: LabelsPdfParams,
      querystring: LabelsPdfQuery,
      response: { 200: { description: 'the labels', content: { 'application/pdf': { schema: LabelsPdf } } } },
    },
  }, async (req, reply) => {
    const { id } = req.params;
    const q = req.query;
    const symbol = q.symbol ?? 'qr';
    const codes = issuance.labelData(req.actor, id, { ...(q.from !== undefined && { fromSeq: q.from }), ...(q.limit !== undefined && { limit: q.limit }) });
    // Authorize and check the first label before the first byte, so refusals are problems, not broken PDFs.
    const first = await codes.next();
    if (!first.done) {
      const value = first.value;
      await asProblem(() => encodeSymbol(symbol, symbolData(value, symbol, toDigitalLink)));
    }
    const labels = (async function* () {
      if (first.done) return;
      for (const c of [first.value]) yield { symbol, data: symbolData(c, symbol, toDigitalLink), caption: caption(c) };
      for await (const c of codes) yield { symbol, data: symbolData(c, symbol, toDigitalLink), caption: caption(c) };
    })();
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="labels-${id}.pdf"`)
      .send(streamLabelPdf({ layout: q.layout ?? 'a4-grid', labels, title: `Yima labels ${id}` }));
  });

  app.get('/api/v1/issuances/:id/codes/:seq/label', {
    schema: {
      operationId: 'labels.getCodeLabel', tags: ['codes'], summary: "One code's symbol as SVG or PNG", params: CodeLabelParams, querystring: CodeLabelQuery,
      response: { 200: { description: "the code's symbol", content: { 'image/svg+xml': { schema: LabelSvg }, 'image/png': { schema: LabelPng } } } },
    },
  }, async (req, reply) => {
    const { id, seq } = req.params;
    const q = req.query;
    const symbol = q.symbol ?? 'qr';
    const got = await issuance.labelData(req.actor, id, { fromSeq: seq, limit: 1 }).next();
    if (got.done || got.value.seq !== seq) throw notFound('issuance', `${id}/${seq}`);
    const data = symbolData(got.value, symbol, toDigitalLink);
    if (q.format === 'png') return reply.type('image/png').send(await asProblem(() => renderSymbol({ symbol, data, format: 'png' })));
    return reply.type('image/svg+xml').send(await asProblem(() => renderSymbol({ symbol, data, format: 'svg' })));
  });
}
