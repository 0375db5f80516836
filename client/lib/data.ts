// Reads the JSON block the server renders into each page (no inline scripts: see the CSP).
// From <head> only: slides, which are author HTML, are in <body>, so no element of theirs can
// stand in for the block. The shape is checked, so no value of the wrong kind reaches the page.
import * as z from 'zod/mini';
import { PAGE_DATA_ID } from '../../shared/page-data.ts';

export function pageData<T>(schema: z.ZodMiniType<T>): T {
  const el = document.head.querySelector(`script[type="application/json"]#${PAGE_DATA_ID}`);
  if (!el?.textContent) throw new Error('page data missing');
  return z.parse(schema, JSON.parse(el.textContent));
}
