/**
 * The component library for the areas' dense screens (antd: tables, forms, selects, with its real
 * zh-CN locale), in the reader's language. Only areas use it, so it comes with the first area
 * visited; the start page and the frame are plain elements and stay within the first download's
 * budget (DESIGN.md: ≤ 150 kB of JavaScript before the start page is interactive).
 */
import { App, ConfigProvider } from 'antd';
import en from 'antd/es/locale/en_US.js';
import zh from 'antd/es/locale/zh_CN.js';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

// antd's package has no "type": "module", so TypeScript (NodeNext) takes these ES modules for
// CommonJS and their default export for a `{ default }` object; the bundler gives the locale itself.
type AntdLocale = typeof en extends { default: infer L } ? L : typeof en;
const unwrap = (m: object): AntdLocale => ('default' in m ? m.default : m) as AntdLocale;
const enUS = unwrap(en);
const zhCN = unwrap(zh);

/** The platform's colours, shared with the frame's CSS (shell.css). */
const THEME = { token: { colorPrimary: '#0b5cad', borderRadius: 6, fontSize: 15 } };

// antd spaces out two-character Chinese labels ("删 除"): screen readers would read two words.
const BUTTON = { autoInsertSpace: false } as const;

export function AntdRoot({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={THEME} button={BUTTON}>
      <App>{children}</App>
    </ConfigProvider>
  );
}
