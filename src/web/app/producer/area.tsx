/** The producer's area (生产单位): its own chunk, loaded when first visited. */
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes } from 'react-router';
import { AntdRoot } from '../shell/antd-root.tsx';
import { RequireArea } from '../shell/require-area.tsx';
import { NewProduct } from './products/new-product.tsx';
import { ProductsPage } from './products/products-page.tsx';
import { BindingsPage } from './bindings/bindings-page.tsx';
import { PackingPage } from './packing/packing-page.tsx';
import { ShippingPage } from './shipping/shipping-page.tsx';
import { messages } from 'virtual:yima-web-messages/producer';
import { addMessages } from '../i18n.ts';
import './packing/moves.css';

addMessages(messages);

/** The area's pages, one link each. */
function ProducerNav() {
  const { t } = useTranslation();
  return (
    <nav className="yima-subnav" aria-label={t('web.nav.producer')}>
      <NavLink to="/producer/products">{t('web.nav.products')}</NavLink>
      <NavLink to="/producer/bindings">{t('web.bindings.nav')}</NavLink>
      <NavLink to="/producer/packing">{t('web.packing.nav')}</NavLink>
      <NavLink to="/producer/shipping">{t('web.shipping.nav')}</NavLink>
    </nav>
  );
}

export function ProducerArea() {
  return (
    <AntdRoot>
      <RequireArea area="producer">
        {(org) => (
          <>
            <ProducerNav />
            <Routes>
              <Route index element={<Navigate to="products" replace />} />
              <Route path="products" element={<ProductsPage org={org} />} />
              <Route path="products/new" element={<NewProduct org={org} />} />
              <Route path="bindings" element={<BindingsPage org={org} />} />
              <Route path="packing" element={<PackingPage />} />
              <Route path="shipping" element={<ShippingPage />} />
            </Routes>
          </>
        )}
      </RequireArea>
    </AntdRoot>
  );
}
