/**
 * An area's own pages, as a row of links under the frame's header (it scrolls sideways on a
 * phone rather than wrapping). The area passes its list: one line a page.
 *
 * @example <SubNav labelKey="web.nav.producer" items={[{ to: '/producer/products', label: 'web.nav.products' }]} />
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useLocation } from 'react-router';
import './sub-nav.css';

export interface SubNavItem {
  /** The page's path; the link is marked current on it and on the pages under it. */
  readonly to: string;
  /** Its catalog key (a `web.nav.` key: the first download has them). */
  readonly label: string;
}

export function SubNav({ labelKey, items }: { labelKey: string; items: readonly SubNavItem[] }) {
  const { t } = useTranslation();
  const nav = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  // On a phone the row scrolls sideways: keep the current page's link in view.
  useEffect(() => {
    nav.current?.querySelector('.active')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [pathname]);
  return (
    <nav ref={nav} className="yima-subnav" aria-label={t(labelKey)}>
      {items.map((i) => (
        <NavLink key={i.to} to={i.to} className="yima-subnav-link">{t(i.label)}</NavLink>
      ))}
    </nav>
  );
}
