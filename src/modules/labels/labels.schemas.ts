/** Contracts of the label endpoints: printable PDFs and one code's symbol. */
import type { Readable } from 'node:stream';
import { type Static, Type } from 'typebox';

const SymbolChoice = (description?: string) => Type.Union([Type.Literal('qr'), Type.Literal('gs1-datamatrix'), Type.Literal('datamatrix')], { default: 'qr', ...(description && { description }) });

export const LabelsPdfParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const LabelsPdfQuery = Type.Object({
  layout: Type.Optional(Type.Union([Type.Literal('a4-grid'), Type.Literal('thermal-60x40')], { default: 'a4-grid' })),
  symbol: Type.Optional(SymbolChoice('qr: the Digital Link URL; gs1-datamatrix: (01)(11)(10)(21)')),
  from: Type.Optional(Type.Integer({ minimum: 0, description: 'first code (seq)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
}, { additionalProperties: false });
export type LabelsPdfQuery = Static<typeof LabelsPdfQuery>;

export const CodeLabelParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  seq: Type.Integer({ minimum: 0, maximum: 2_147_483_647, description: 'position of the code in the issuance' }),
});

export const CodeLabelQuery = Type.Object({
  symbol: Type.Optional(SymbolChoice()),
  format: Type.Optional(Type.Union([Type.Literal('svg'), Type.Literal('png')], { default: 'svg' })),
}, { additionalProperties: false });
export type CodeLabelQuery = Static<typeof CodeLabelQuery>;

/** The labels as a PDF, streamed as it is drawn (OpenAPI: binary). */
export const LabelsPdf = Type.Unsafe<Readable>({ type: 'string', format: 'binary', description: 'PDF, streamed' });

/** One code's symbol as SVG text. */
export const LabelSvg = Type.String({ description: 'SVG document' });

/** One code's symbol as a PNG image (OpenAPI: binary). */
export const LabelPng = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'PNG image' });
