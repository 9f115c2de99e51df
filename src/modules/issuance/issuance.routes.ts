/** HTTP for issuance jobs and their CSV export. */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError, fieldError, notFound, validationFailed } from '../../server/errors.ts';
import { streamLabelPdf } from '../labels/labels.pdf.ts';
import { LabelError, type SymbolKind, encodeSymbol, renderSymbol } from '../labels/labels.render.ts';
import type { IssuanceService } from './issuance.service.ts';
import { presentIssuance } from './issuance.service.ts';
import { IssueBody, Issuance, IssuanceParams } from './issuance.schemas.ts';

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

export async function issuanceRoutes(app: FastifyInstance, { issuance, publicUrl, toDigitalLink }: { issuance: IssuanceService; publicUrl: string; toDigitalLink: (code: string) => string }) {
  app.post('/api/v1/issuances', {
    schema: { tags: ['codes'], summary: 'Issue codes for a batch (源头赋码): 202 with the job; the same requestId again returns it (200)', body: IssueBody, response: { 202: Issuance, 200: Issuance } },
  }, async (req, reply) => {
    const { job, created } = await issuance.issue(req.actor, req.body as IssueBody);
    return reply.status(created ? 202 : 200).header('location', `/api/v1/issuances/${job.id}`).send(presentIssuance(job, publicUrl));
  });

  app.get('/api/v1/issuances/:id', { schema: { tags: ['codes'], summary: 'An issuance job and its progress', params: IssuanceParams, response: { 200: Issuance } } },
    async (req) => {
      const { job, quantity } = await issuance.get(req.actor, (req.params as { id: string }).id);
      return presentIssuance(job, publicUrl, { quantity });
    });

  app.get('/api/v1/issuances/:id/labels.pdf', {
    schema: {
      tags: ['codes'], summary: 'Printable labels of the issued codes (PDF, streamed): A4 grid or 60x40 mm thermal', params: IssuanceParams,
      querystring: Type.Object({
        layout: Type.Optional(Type.Union([Type.Literal('a4-grid'), Type.Literal('thermal-60x40')], { default: 'a4-grid' })),
        symbol: Type.Optional(Type.Union([Type.Literal('qr'), Type.Literal('gs1-datamatrix'), Type.Literal('datamatrix')], { default: 'qr', description: 'qr: the Digital Link URL; gs1-datamatrix: (01)(11)(10)(21)' })),
        from: Type.Optional(Type.Integer({ minimum: 0, description: 'first code (seq)' })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
      }, { additionalProperties: false }),
      produces: ['application/pdf'],
    },
  }, async (req, reply) => {
    const id = (req.params as { id: string }).id;
    const q = req.query as { layout?: 'a4-grid' | 'thermal-60x40'; symbol?: SymbolKind; from?: number; limit?: number };
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
      tags: ['codes'], summary: "One code's symbol as SVG or PNG", params: Type.Object({ id: Type.String({ format: 'uuid' }), seq: Type.Integer({ minimum: 0, maximum: 2_147_483_647, description: 'position of the code in the issuance' }) }),
      querystring: Type.Object({
        symbol: Type.Optional(Type.Union([Type.Literal('qr'), Type.Literal('gs1-datamatrix'), Type.Literal('datamatrix')], { default: 'qr' })),
        format: Type.Optional(Type.Union([Type.Literal('svg'), Type.Literal('png')], { default: 'svg' })),
      }, { additionalProperties: false }),
      produces: ['image/svg+xml', 'image/png'],
    },
  }, async (req, reply) => {
    const { id, seq } = req.params as { id: string; seq: number };
    const q = req.query as { symbol?: SymbolKind; format?: 'svg' | 'png' };
    const symbol = q.symbol ?? 'qr';
    const got = await issuance.labelData(req.actor, id, { fromSeq: seq, limit: 1 }).next();
    if (got.done || got.value.seq !== seq) throw notFound('issuance', `${id}/${seq}`);
    const data = symbolData(got.value, symbol, toDigitalLink);
    if (q.format === 'png') return reply.type('image/png').send(await asProblem(() => renderSymbol({ symbol, data, format: 'png' })));
    return reply.type('image/svg+xml').send(await asProblem(() => renderSymbol({ symbol, data, format: 'svg' })));
  });

  app.get('/api/v1/issuances/:id/codes.csv', { schema: { tags: ['codes'], summary: 'The issued codes as CSV, streamed', params: IssuanceParams, produces: ['text/csv'] } }, async (req, reply) => {
    const id = (req.params as { id: string }).id;
    const lines = issuance.csv(req.actor, id, toDigitalLink);
    // Authorize before the first byte: a refused request must get a problem, not a half CSV.
    const first = await lines.next();
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="codes-${id}.csv"`)
      .send(Readable.from((async function* () {
        if (!first.done) yield first.value;
        yield* lines;
      })()));
  });
}
