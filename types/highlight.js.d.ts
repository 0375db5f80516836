// The part of highlight.js the server uses. Its own declarations reference the DOM library,
// which would give every server module `document` and `window`; this stands in for them in the
// server's type-check only (tsconfig.json `paths`), so a stray DOM global in server code fails
// to compile.
export type LanguageFn = (hljs: unknown) => unknown;

export interface HLJSApi {
  getLanguage(name: string): unknown;
  registerLanguage(name: string, language: LanguageFn): void;
  highlight(code: string, options: { language: string; ignoreIllegals?: boolean }): { value: string };
}

declare const hljs: HLJSApi;
export default hljs;
