/** The regulator's area (监管): regulators of a region, and the platform admin; its own chunk, loaded when first visited. */
import { Navigate, Route, Routes } from 'react-router';
import { messages } from 'virtual:yima-web-messages/regulator';
import { addMessages } from '../i18n.ts';
import { AntdRoot } from '../shell/antd-root.tsx';
import { RequireArea } from '../shell/require-area.tsx';
import { SubNav, type SubNavItem } from '../shell/sub-nav.tsx';
import { AlertPage } from './alerts/alert-page.tsx';
import { AlertsPage } from './alerts/alerts-page.tsx';
import { IndicatorsPage } from './indicators/indicators-page.tsx';
import { RegistrationPage } from './registrations/registration-page.tsx';
import { RegistrationsPage } from './registrations/registrations-page.tsx';
import { ReportsPage } from './reports/reports-page.tsx';
import '../forms/forms.css';

addMessages(messages);

/** The area's pages in its sub-navigation: one line a page. */
const PAGES: readonly SubNavItem[] = [
  { to: '/regulator/registrations', label: 'web.nav.registrations' },
  { to: '/regulator/alerts', label: 'web.alerts.nav' },
  { to: '/regulator/indicators', label: 'web.indicators.nav' },
  { to: '/regulator/reports', label: 'web.reports.nav' },
];

export function RegulatorArea() {
  return (
    <AntdRoot>
      <RequireArea area="regulator">
        {(me) => (
          <>
            <SubNav labelKey="web.nav.regulator" items={PAGES} />
            <Routes>
              <Route index element={<Navigate to="registrations" replace />} />
              <Route path="registrations" element={<RegistrationsPage me={me} />} />
              <Route path="registrations/:id" element={<RegistrationPage />} />
              <Route path="alerts" element={<AlertsPage />} />
              <Route path="alerts/:id" element={<AlertPage />} />
              <Route path="indicators" element={<IndicatorsPage />} />
              <Route path="reports" element={<ReportsPage />} />
            </Routes>
          </>
        )}
      </RequireArea>
    </AntdRoot>
  );
}
