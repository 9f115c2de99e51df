/**
 * The app's pages, in react-router's declarative mode (the app has no loaders; the data router
 * would add 16 kB gzip to the first download). The start page comes with the first download;
 * every other area is its own chunk, fetched when first visited (React.lazy per area).
 */
import { lazy } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Home } from './shell/home.tsx';
import { NotFound } from './shell/not-found.tsx';
import { Shell } from './shell/shell.tsx';
import { StartPage } from './public/start-page.tsx';

const PublicArea = lazy(() => import('./public/area.tsx').then((m) => ({ default: m.PublicArea })));
const ProducerArea = lazy(() => import('./producer/area.tsx').then((m) => ({ default: m.ProducerArea })));
const RegulatorArea = lazy(() => import('./regulator/area.tsx').then((m) => ({ default: m.RegulatorArea })));
const SellerArea = lazy(() => import('./seller/area.tsx').then((m) => ({ default: m.SellerArea })));

export function AppRoutes() {
  return (
    <BrowserRouter>
      <Routes>
        <Route path="/" element={<Shell />}>
          <Route index element={<StartPage />} />
          <Route path="home" element={<Home />} />
          <Route path="sign-in" element={<PublicArea page="sign-in" />} />
          <Route path="register" element={<PublicArea page="register" />} />
          <Route path="producer/*" element={<ProducerArea />} />
          <Route path="regulator/*" element={<RegulatorArea />} />
          <Route path="seller/*" element={<SellerArea />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
