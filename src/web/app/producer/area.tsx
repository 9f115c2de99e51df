/** The producer's area (生产单位): its own chunk, loaded when first visited. */
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes } from 'react-router';
import { AntdRoot } from '../shell/antd-root.tsx';
import { RequireArea } from '../shell/require-area.tsx';
import { LinksPage } from './links/links-page.tsx';
import { NewProduct } from './products/new-product.tsx';
import { NewRecord } from './records/new-record.tsx';
import { RecordPage } from './records/record-page.tsx';
import { RecordsPage } from './records/records-page.tsx';
import { TeamPage } from './team/team-page.tsx';
import { NewRecall } from './recalls/new-recall.tsx';
import { RecallPage } from './recalls/recall-page.tsx';
import { RecallsPage } from './recalls/recalls-page.tsx';
import { ProductsPage } from './products/products-page.tsx';
import { messages } from 'virtual:yima-web-messages/producer';
import { addMessages } from '../i18n.ts';
import './office.css';

addMessages(messages);

/** The area's sections, in the order the sub-navigation shows them: path and the key of its name. */
const SECTIONS: readonly (readonly [string, string])[] = [
  ['products', 'web.products.title'],
  ['links', 'web.links.nav'],
  ['records', 'web.records.nav'],
  ['team', 'web.team.nav'],
  ['recalls', 'web.recalls.nav'],
];

function SubNav() {
  const { t } = useTranslation();
  return (
    <nav className="yima-subnav" aria-label={t('web.area.producer')}>
      {SECTIONS.map(([path, key]) => <NavLink key={path} to={`/producer/${path}`} className="yima-subnav-link">{t(key)}</NavLink>)}
    </nav>
  );
}

export function ProducerArea() {
  return (
    <AntdRoot>
      <RequireArea area="producer">
        {(org) => (
          <>
            <SubNav />
            <Routes>
              <Route index element={<Navigate to="products" replace />} />
              <Route path="products" element={<ProductsPage org={org} />} />
              <Route path="products/new" element={<NewProduct org={org} />} />
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
