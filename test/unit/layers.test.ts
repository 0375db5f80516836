// The architecture, checked: each folder imports only the layers below it (README.md,
// "Architecture"). A new import that points up or sideways fails here, with the file named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../server/config.ts';

/** What each area may import, besides itself. */
const ALLOWED: Record<string, readonly string[]> = {
  shared: [],
  'server/deck': ['shared'],
  'server/fs': ['shared'],
  'server/net': ['shared'],
  'server/config': ['shared'],
  'server/decks': ['server/deck', 'shared'],
  'server/render': ['server/deck', 'shared'],
  'server/context': ['server/config', 'server/decks', 'shared'],
  'server/http': ['server/config', 'server/context', 'server/decks', 'server/render', 'server/deck', 'server/fs', 'server/net', 'shared'],
  'server/live': ['server/config', 'server/context', 'server/deck', 'server/decks', 'server/fs', 'server/http', 'server/net', 'server/render', 'shared'],
  'server/pdf': ['server/config', 'server/context', 'server/deck', 'server/decks', 'server/http', 'server/net', 'server/render', 'shared'],
  'server/app': ['server/config', 'server/context', 'server/decks', 'server/http', 'server/live', 'server/pdf', 'server/net', 'shared'],
  'server/site': ['server/config', 'server/decks', 'server/deck', 'server/http', 'server/pdf', 'server/render', 'shared'],
  'server/listen': ['server/app', 'shared'],
  'server/main': ['server/app', 'server/config', 'server/listen', 'server/net', 'cli', 'shared'],
  client: ['shared'],
};

/** The pure layers: text in, data out. They may load modules, never touch files, the network or the process. */
const PURE = new Set(['shared', 'server/deck']);
const IMPURE_BUILTINS = /^node:(fs|fs\/promises|net|http|https|http2|dgram|dns|child_process|cluster|worker_threads|os|process|tls)$/;

function area(file: string): string {
  const parts = path.relative(projectRoot, file).split(path.sep);
  const [top, second] = parts;
  if (top === 'server' && second) return `server/${second.replace(/\.ts$/, '')}`;
  return top ?? '';
}

function* sources(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(full);
    else if (/\.(ts|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) yield full;
  }
}

const IMPORT = /(?:^|\s)(?:import|export)\s[^'"]*?from\s*'([^']+)'|import\(\s*'([^']+)'\s*\)|^import\s+'([^']+)'/gm;

test('every import points down the layers', () => {
  const wrong: string[] = [];
  for (const root of ['shared', 'server', 'client']) {
    for (const file of sources(path.join(projectRoot, root))) {
      const from = area(file);
      const allowed = ALLOWED[from];
      assert.ok(allowed, `${path.relative(projectRoot, file)}: area ${from} is not in the map; add it to ALLOWED and the README`);
      for (const match of fs.readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const spec = match[1] ?? match[2] ?? match[3] ?? '';
        if (PURE.has(from) && IMPURE_BUILTINS.test(spec)) {
          wrong.push(`${path.relative(projectRoot, file)} imports ${spec} (a pure layer)`);
          continue;
        }
        if (!spec.startsWith('.')) continue;
        const to = area(path.resolve(path.dirname(file), spec));
        if (to !== from && !allowed.includes(to)) wrong.push(`${path.relative(projectRoot, file)} (${from}) imports ${spec} (${to})`);
      }
    }
  }
  assert.deepEqual(wrong, []);
});
