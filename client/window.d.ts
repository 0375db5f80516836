// Every page that shows slides exposes its reveal.js instance as window.Reveal, for browser
// tests and third-party plugins; declared once for the pages and the tests that read it.
import type { RevealApi } from 'reveal.js';

declare global {
  interface Window {
    /** The page's reveal.js instance. */
    Reveal: RevealApi;
  }
}
