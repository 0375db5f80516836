// Every page that shows slides exposes its reveal.js instance as window.Reveal, for browser
// tests and third-party plugins; declared once for the pages and the tests that read it.
import type { RevealApi } from 'reveal.js';

declare global {
  interface Window {
    /** The page's reveal.js instance. */
    Reveal: RevealApi;
    /**
     * Set by a browser test before the page's scripts run, so that it need not wait the whole
     * PDF_DELAY_MS (shared/offline.ts) for the PDF to be kept offline. Pages never set it.
     */
    lecternPdfDelayMs?: number;
  }
}
