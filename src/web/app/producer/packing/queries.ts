/** Packing's and shipping's calls, through the one API client. */
import { useMutation } from '@tanstack/react-query';
import { api, data } from '../../api.ts';
import type { paths } from '../../../../client/schema.ts';

export type PackBody = NonNullable<paths['/api/v1/events/pack']['post']['requestBody']>['content']['application/json'];
export type Verdict = paths['/api/v1/verify']['post']['responses'][200]['content']['application/json'];

/** Records one AggregationEvent ADD: `children` packed into `parent`. */
export function usePack() {
  return useMutation({ mutationFn: (body: PackBody) => data(api.POST('/api/v1/events/pack', { body })) });
}

/** What the platform knows of a scanned code (the 查验 answer): registered or not, whose. Reads only. */
export const verifyCode = (code: string): Promise<Verdict> => data(api.POST('/api/v1/verify', { body: { code } }));
