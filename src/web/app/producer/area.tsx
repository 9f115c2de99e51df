/** The producer's area (生产单位): its own chunk, loaded when first visited. */
import { Navigate, Route, Routes } from 'react-router';
import { AntdRoot } from '../shell/antd-root.tsx';
import { RequireArea } from '../shell/require-area.tsx';
import { NewProduct } from './products/new-product.tsx';
import { ProductsPage } from './products/products-page.tsx';
import { messages } from 'virtual:yima-web-messages/producer';
import { addMessages } from '../i18n.ts';

addMessages(messages);

export function ProducerArea() {
  return (
    <AntdRoot>
      <RequireArea area="producer">
        {(org) => (
          <Routes>
            <Route index element={<Navigate to="products" replace />} />
            <Route path="products" element={<ProductsPage org={org} />} />
            <Route path="products/new" element={<NewProduct org={org} />} />
          </Routes>
        )}
      </RequireArea>
    </AntdRoot>
  );
}
