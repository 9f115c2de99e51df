/** The producer's area (生产单位): its own chunk, loaded when first visited. */
import { Navigate, Route, Routes } from 'react-router';
import { messages } from 'virtual:yima-web-messages/producer';
import { addMessages } from '../i18n.ts';
import { AntdRoot } from '../shell/antd-root.tsx';
import { RequireArea } from '../shell/require-area.tsx';
import { SubNav, type SubNavItem } from '../shell/sub-nav.tsx';
import { BatchPage } from './batches/batch-page.tsx';
import { BatchesPage } from './batches/batches-page.tsx';
import { NewBatch } from './batches/new-batch.tsx';
import { BindingsPage } from './bindings/bindings-page.tsx';
import { IssuancePage } from './issuance/issuance-page.tsx';
import { IssuePage } from './issuance/issue-page.tsx';
import { LinksPage } from './links/links-page.tsx';
import { PackingPage } from './packing/packing-page.tsx';
import { NewProduct } from './products/new-product.tsx';
import { ProductsPage } from './products/products-page.tsx';
import { NewRecall } from './recalls/new-recall.tsx';
import { RecallPage } from './recalls/recall-page.tsx';
import { RecallsPage } from './recalls/recalls-page.tsx';
import { NewRecord } from './records/new-record.tsx';
import { RecordPage } from './records/record-page.tsx';
import { RecordsPage } from './records/records-page.tsx';
import { ShippingPage } from './shipping/shipping-page.tsx';
import { TeamPage } from './team/team-page.tsx';
import './producer.css';
import './packing/moves.css';
import './office.css';

addMessages(messages);

/** The area's pages in its sub-navigation: one line a page. */
const PAGES: readonly SubNavItem[] = [
  { to: '/producer/products', label: 'web.nav.products' },
  { to: '/producer/batches', label: 'web.nav.batches' },
  { to: '/producer/issuance', label: 'web.nav.issuance' },
  { to: '/producer/bindings', label: 'web.bindings.nav' },
  { to: '/producer/packing', label: 'web.packing.nav' },
  { to: '/producer/shipping', label: 'web.shipping.nav' },
  { to: '/producer/links', label: 'web.links.nav' },
  { to: '/producer/records', label: 'web.records.nav' },
  { to: '/producer/team', label: 'web.team.nav' },
  { to: '/producer/recalls', label: 'web.recalls.nav' },
];

export function ProducerArea() {
  return (
    <AntdRoot>
      <RequireArea area="producer">
        {(org) => (
          <>
            <SubNav labelKey="web.nav.producer" items={PAGES} />
            <Routes>
              <Route index element={<Navigate to="products" replace />} />
              <Route path="products" element={<ProductsPage org={org} />} />
              <Route path="products/new" element={<NewProduct org={org} />} />
              <Route path="batches" element={<BatchesPage org={org} />} />
              <Route path="batches/new" element={<NewBatch org={org} />} />
              <Route path="batches/:id" element={<BatchPage org={org} />} />
              <Route path="issuance" element={<IssuePage org={org} />} />
              <Route path="issuance/:id" element={<IssuancePage />} />
              <Route path="bindings" element={<BindingsPage org={org} />} />
              <Route path="packing" element={<PackingPage />} />
              <Route path="shipping" element={<ShippingPage />} />
              <Route path="links" element={<LinksPage org={org} />} />
              <Route path="records" element={<RecordsPage org={org} />} />
              <Route path="records/new" element={<NewRecord org={org} />} />
              <Route path="records/:id" element={<RecordPage org={org} />} />
              <Route path="team" element={<TeamPage org={org} />} />
              <Route path="recalls" element={<RecallsPage org={org} />} />
              <Route path="recalls/new" element={<NewRecall org={org} />} />
              <Route path="recalls/:id" element={<RecallPage org={org} />} />
            </Routes>
          </>
        )}
      </RequireArea>
    </AntdRoot>
  );
}
