/**
 * The app's pages. The start page comes with the first download; every other area is its own
 * chunk, fetched when first visited (React.lazy per area).
 */
import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import { Home } from './shell/home.tsx';
import { NotFound } from './shell/not-found.tsx';
import { Shell } from './shell/shell.tsx';
import { StartPage } from './public/start-page.tsx';

const PublicArea = lazy(() => import('./public/area.tsx').then((m) => ({ default: m.PublicArea })));
const ProducerArea = lazy(() => import('./producer/area.tsx').then((m) => ({ default: m.ProducerArea })));

export const router = createBrowserRouter([
  {
    path: '/',
    element: <Shell />,
    children: [
      { index: true, element: <StartPage /> },
      { path: 'home', element: <Home /> },
      { path: 'sign-in', element: <PublicArea page="sign-in" /> },
      { path: 'register', element: <PublicArea page="register" /> },
      { path: 'producer/*', element: <ProducerArea /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
