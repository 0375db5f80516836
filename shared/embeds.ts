// The one sandbox every embedded frame a deck brings gets, on the server (slide <iframe>s, by
// the sanitizer) and in the browser (the background iframes reveal.js creates itself).

/** Enough for video and code-playground embeds; no top navigation, forms or modals. */
export const IFRAME_SANDBOX = 'allow-scripts allow-same-origin allow-popups allow-presentation';
