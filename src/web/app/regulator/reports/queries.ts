/** The scan reports queue's server state, through the one API client. */
import { useQuery } from '@tanstack/react-query';
import { api, data } from '../../api.ts';
import type { paths } from '../../../../client/schema.ts';

export type ScanReport = paths['/api/v1/scan-reports']['get']['responses'][200]['content']['application/json'][number];

/** The problems consumers reported about producers of the reader's regions, newest first. */
export function useScanReports() {
  return useQuery({
    queryKey: ['scan-reports'],
    queryFn: async () => [...(await data(api.GET('/api/v1/scan-reports')))].sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
  });
}
