/**
 * The seller's area (销售单位), phone first: 查验 by camera or scanner, then 进货, 销售, 退货, what it
 * holds, and recall notices. Its own chunk, loaded when first visited; the camera's reader is a
 * chunk of its own again, loaded when the camera is first opened.
 */
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes } from 'react-router';
import { messages } from 'virtual:yima-web-messages/seller';
import { addMessages } from '../i18n.ts';
import { AntdRoot } from '../shell/antd-root.tsx';
import { RequireArea } from '../shell/require-area.tsx';
import { CheckPage } from './check-page.tsx';
import { CodesPage } from './codes-page.tsx';
import { NoticesPage } from './notices-page.tsx';
import { StockPage } from './stock-page.tsx';
import './seller.css';

addMessages(messages);

const PAGES = ['check', 'receive', 'sell', 'return', 'stock', 'notices'] as const;

function SellerNav() {
  const { t } = useTranslation();
  return (
    <nav className="yima-seller-nav" aria-label={t('web.seller.nav.label')}>
      {PAGES.map((p) => <NavLink key={p} to={`/seller/${p}`} className="yima-seller-tab">{t(`web.seller.nav.${p}`)}</NavLink>)}
    </nav>
  );
}

export function SellerArea() {
  return (
    <AntdRoot>
      <RequireArea area="seller">
        {() => (
          <>
            <SellerNav />
            <Routes>
              <Route index element={<Navigate to="check" replace />} />
              <Route path="check" element={<CheckPage />} />
              <Route path="receive" element={<CodesPage key="receive" action="receive" />} />
              <Route path="sell" element={<CodesPage key="sell" action="sell" />} />
              <Route path="return" element={<CodesPage key="return" action="return" />} />
              <Route path="stock" element={<StockPage />} />
              <Route path="notices" element={<NoticesPage />} />
            </Routes>
          </>
        )}
      </RequireArea>
    </AntdRoot>
  );
}
