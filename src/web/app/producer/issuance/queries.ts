/** The issuance screens' server state, through the one API client. */
import { useMutation, useQuery } from '@tanstack/react-query';
import { api, data } from '../../api.ts';
import type { paths } from '../../../../client/schema.ts';

export type Issuance = paths['/api/v1/issuances/{id}']['get']['responses'][200]['content']['application/json'];
export type IssueBody = NonNullable<paths['/api/v1/issuances']['post']['requestBody']>['content']['application/json'];
export type LabelLayout = 'a4-grid' | 'thermal-60x40';
export type LabelSymbol = 'qr' | 'gs1-datamatrix';

/** Labels a page of each layout (src/modules/labels/labels.pdf.ts LAYOUTS: A4 4 × 8, thermal one). */
export const LABELS_PER_PAGE: Readonly<Record<LabelLayout, number>> = { 'a4-grid': 32, 'thermal-60x40': 1 };

/** Starts an issuance job (202); the same requestId again answers the same job. */
export function useIssue() {
  return useMutation({ mutationFn: (body: IssueBody) => data(api.POST('/api/v1/issuances', { body })) });
}

/** A job, asked again every few hundred milliseconds while it runs: the progress bar follows it. */
export function useIssuance(id: string) {
  return useQuery({
    queryKey: ['issuance', id],
    queryFn: () => data(api.GET('/api/v1/issuances/{id}', { params: { path: { id } } })),
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 400 : false),
  });
}

/** One CSV line's fields (RFC 4180 quoting: a serial may hold a comma or a quote). */
export function csvFields(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)) out.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : (m[2] ?? ''));
  return out;
}

export interface FirstCode {
  readonly seq: number;
  readonly code: string;
}

/**
 * The job's first code, for the label preview: the CSV export is read up to its second line and
 * the rest is not fetched (a million codes are some 100 MB).
 */
export function useFirstCode(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['issuance', id, 'first-code'],
    enabled,
    staleTime: Infinity,
    queryFn: async (): Promise<FirstCode | null> => {
      const stream = await data(api.GET('/api/v1/issuances/{id}/codes.csv', { params: { path: { id } }, parseAs: 'stream' }));
      if (!stream) return null;
      const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      try {
        while (text.split('\n').length < 3) {
          const { done, value } = await reader.read();
          if (done) break;
          text += value;
        }
      } finally {
        void reader.cancel();
      }
      const [seq, code] = csvFields(text.split('\n')[1] ?? '');
      return seq && code ? { seq: Number(seq), code } : null;
    },
  });
}

/** Where the browser downloads a job's files itself (same origin, the session cookie): nothing big is held in the page. */
export const issuanceFiles = (id: string) => ({
  csv: `/api/v1/issuances/${id}/codes.csv`,
  pdf: (layout: LabelLayout, symbol: LabelSymbol) => `/api/v1/issuances/${id}/labels.pdf?${new URLSearchParams({ layout, symbol }).toString()}`,
  label: (seq: number, symbol: LabelSymbol) => `/api/v1/issuances/${id}/codes/${seq}/label?${new URLSearchParams({ symbol }).toString()}`,
});

/** The caption lines the PDF prints under a symbol (src/modules/labels/labels.routes.ts `caption`): the same on the preview. */
export const labelCaption = (code: string, gtin: string | null, lot: string, productionDate: string): string[] =>
  [code, ...(gtin ? [`GTIN ${gtin}`] : []), `LOT ${lot}  ${productionDate}`];
