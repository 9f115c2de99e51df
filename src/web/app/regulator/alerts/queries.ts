/** The alerts screens' server state, through the one API client. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api.ts';
import type { paths } from '../../../../client/schema.ts';

export type Alert = paths['/api/v1/alerts/{id}']['get']['responses'][200]['content']['application/json'];
export type AlertState = Alert['state'];
export type AlertKind = NonNullable<NonNullable<paths['/api/v1/alerts']['get']['parameters']['query']>['kind']>;
/** What the queue shows: the open alerts (new and acknowledged), or one state. */
export type StateFilter = 'open' | AlertState;

const list = (state: AlertState, kind: AlertKind | undefined) =>
  data(api.GET('/api/v1/alerts', { params: { query: { state, kind, limit: 500 } } }));

/** The alerts of the reader's regions in a state (open: new and acknowledged), newest first. */
export function useAlerts(state: StateFilter, kind: AlertKind | undefined, language: string) {
  return useQuery({
    queryKey: ['alerts', 'list', state, kind ?? '', language],
    queryFn: async () => {
      const parts = await Promise.all((state === 'open' ? (['new', 'acknowledged'] as const) : [state]).map((s) => list(s, kind)));
      return parts.flat().sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));
    },
  });
}

/** One alert with its evidence and steps (its `why` in the reader's language). */
export function useAlert(id: string, language: string) {
  return useQuery({ queryKey: ['alerts', 'one', id, language], queryFn: () => data(api.GET('/api/v1/alerts/{id}', { params: { path: { id } } })) });
}

export type Step = { state: 'acknowledged' | 'resolved' | 'dismissed'; reason: string };

/** Records a step (a ledger record); the alert and the lists forget what they had. */
export function useStep(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Step) => data(api.POST('/api/v1/alerts/{id}/steps', { params: { path: { id } }, body })),
    onSettled: () => client.invalidateQueries({ queryKey: ['alerts'] }),
  });
}
