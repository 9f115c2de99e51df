/** The web application's entry: language, server state, the routes. */
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { i18n } from './i18n.ts';
import { AppRoutes } from './routes.tsx';
import { watchSession } from './shell/session.ts';

const onError = (err: unknown) => sessionWatch(err);
const queries = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    // A problem answer (4xx) is an answer, not a glitch: retry only what failed to arrive.
    queries: { retry: (count, err) => count < 2 && !(err instanceof Error && 'status' in err), staleTime: 30_000, refetchOnWindowFocus: false },
  },
});

const sessionWatch = watchSession(queries);

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <QueryClientProvider client={queries}>
          <AppRoutes />
        </QueryClientProvider>
      </I18nextProvider>
    </StrictMode>,
  );
}
