/// <reference types="vite/client" />

declare module 'virtual:yima-web-messages' {
  /** The `web.` keys of each catalog (vite.config.ts). */
  export const messages: Readonly<Record<'zh-CN' | 'en', Readonly<Record<string, string>>>>;
}
