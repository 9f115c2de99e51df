/** The supervision definitions in force (names of the indicators and alert kinds, zh/en), shared by the console's pages. */
import { useQuery } from '@tanstack/react-query';
import { api, data } from '../api.ts';
import type { paths } from '../../../client/schema.ts';

export type Definitions = paths['/api/v1/supervision/definitions']['get']['responses'][200]['content']['application/json'];
export type Text = Definitions['title'];

/** The definitions document in force; it changes only when an admin loads a version, so it is kept for the session. */
export function useDefinitions() {
  return useQuery({ queryKey: ['supervision', 'definitions'], queryFn: () => data(api.GET('/api/v1/supervision/definitions')), staleTime: Infinity });
}

/**
 * A zh/en text of the definitions in the reader's language.
 *
 * @example textOf({ zh: '上传及时率', en: 'Timeliness' }, 'en') // → 'Timeliness'
 */
export const textOf = (t: Text, language: string) => (language.startsWith('zh') ? t.zh : t.en);
