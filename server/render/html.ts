// Tiny helpers for server-rendered pages: escaping (the parser's, so pages and slides escape
// alike), and JSON embedded for client scripts.
import { escapeHtml } from '../deck/text.ts';

export { escapeHtml };

/** JSON safe inside <script type="application/json"> (no "</script>", no U+2028 surprises). */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function attributesHtml(attributes: Record<string, string>): string {
  return Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${escapeHtml(value)}"`)
    .join('');
}
