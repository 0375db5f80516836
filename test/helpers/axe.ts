// axe-core run inside the page; returns the serious and critical violations only.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'puppeteer-core';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated over CDP, which the page's CSP (no inline scripts) does not govern.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    // axe is injected above; its types are not loaded in the page context.
    const axe = (window as unknown as { axe: { run(ctx: Document | { exclude: string[][] }, opts: object): Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    // Reaction bursts are aria-hidden pills that fade as they rise (their meaning is in the
    // reaction counts beside them): mid-fade, their contrast depends on the frame axe samples.
    const result = await axe.run({ exclude: [['.aud-bursts']] }, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
}
