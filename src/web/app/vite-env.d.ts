/// <reference types="vite/client" />

declare module 'virtual:yima-web-messages' {
  /** The `web.` keys of each catalog (vite.config.ts). */
  export const messages: Readonly<Record<'zh-CN' | 'en', Readonly<Record<string, string>>>>;
}

declare module 'virtual:yima-web-messages/*' {
  /** The `web.` keys of one area (vite.config.ts AREA_MESSAGES), added when its chunk loads. */
  export const messages: Readonly<Record<'zh-CN' | 'en', Readonly<Record<string, string>>>>;
}
