// A deck with a ```poll exported to PDF: the slide prints the question and its choices, and not
// which choice is correct (that is for the live reveal); with `--poll-results audience.json`
// (the presenter's download after the talk) it prints the results as the live reveal draws them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../../server/config.ts';
import { pollId } from '../../shared/polls.ts';
import { copyDecks, startServer, tempDir, type TestServer } from '../helpers/server.ts';
import { pageTexts, squash } from './pdf-tools.ts';

const DECK = `---
title: Poll print
---

# Poll print

---

\`\`\`poll
Where should Lectern keep live sessions?
- [ ] A folder of JSON files
- [x] Redis, once there are several processes
\`\`\`
`;

describe('polls in the PDF', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ decksDir: await copyDecks({ 'poll-print.md': DECK }) });
  });
  after(() => server.close());

  test('the poll slide prints its question and choices', async () => {
    const res = await fetch(`${server.url}/decks/poll-print.pdf`);
    assert.equal(res.status, 200);
    const pages = await pageTexts(new Uint8Array(await res.arrayBuffer()));
    assert.equal(pages.length, 2);
    const text = squash(pages[1]!);
    for (const part of ['Where should Lectern keep live sessions?', 'A folder of JSON files', 'Redis, once there are several processes']) assert.ok(text.includes(squash(part)), `${part} in ${text}`);
  });
});

const QUESTION = 'Where should Lectern keep live sessions?';
const CHOICES = ['A folder of JSON files', 'Redis, once there are several processes'];

/** The report GET /api/sessions/<id>/audience.json gives (server/live/audience/report.ts), with `polls`. */
function report(polls: unknown[]): string {
  return JSON.stringify({ session: 's1', deck: 'poll-print', exportedAt: '2026-11-28T12:00:00.000Z', questions: [], polls });
}

function pollEntry(id: string, counts: number[]) {
  return { id, question: QUESTION, multiple: false, open: false, revealed: true, total: counts.reduce((a, b) => a + b, 0), choices: counts.map((count, i) => ({ text: CHOICES[i] ?? 'x', count, correct: i === 1 })) };
}

/** `npm run export` as a user runs it, in `cwd`. */
function exportCli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(projectRoot, 'scripts', 'export.mjs'), ...args], { cwd, env: { ...process.env, INIT_CWD: '' }, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('--poll-results: poll results in the PDF', { concurrency: 3 }, () => {
  let dir: string;
  before(async () => {
    dir = await tempDir('lectern-poll-results-');
    await fs.writeFile(path.join(dir, 'poll-print.md'), DECK);
  });
  after(() => fs.rm(dir, { recursive: true, force: true }));

  test('prints each choice with its share and count; ids not on the deck are a warning', async () => {
    const id = pollId(QUESTION, CHOICES);
    await fs.writeFile(path.join(dir, 'audience.json'), report([pollEntry(id, [3, 7]), pollEntry('pelsewhere', [1, 0])]));
    const result = await exportCli(['poll-print.md', '--poll-results', 'audience.json', '-o', 'with-results.pdf'], dir);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^lectern export: warning: poll-print\.md: poll "pelsewhere" in the results file is not on the deck: ignored$/m);
    const pages = await pageTexts(await fs.readFile(path.join(dir, 'with-results.pdf')));
    const text = squash(pages[1]!);
    // Each count right after its choice: "A folder of JSON files 30% · 3", "Redis… 70% · 7".
    assert.ok(text.includes(squash(`${CHOICES[0]}30% · 3`)), text);
    assert.ok(text.includes(squash(`${CHOICES[1]}70% · 7`)), text);
  });

  const bad: Array<[string, string | undefined, number, RegExp]> = [
    ['a missing file', undefined, 2, /--poll-results missing\.json: no such file$/],
    ['a file that is not JSON', '{"polls": [', 2, /--poll-results bad\.json: not JSON: pass the audience\.json/],
    ['negative counts', report([pollEntry('p1', [-1, 2])]), 2, /--poll-results bad\.json: not a poll results file \(polls\.0\.choices\.0\.count: /],
    ['no polls list', '{"questions": []}', 2, /--poll-results bad\.json: not a poll results file \(polls: /],
  ];
  for (const [what, content, exitCode, message] of bad) {
    test(`${what}: one line, exit ${exitCode}, no PDF`, async () => {
      const sub = await fs.mkdtemp(path.join(dir, 'bad-'));
      await fs.copyFile(path.join(dir, 'poll-print.md'), path.join(sub, 'poll-print.md'));
      const file = content === undefined ? 'missing.json' : 'bad.json';
      if (content !== undefined) await fs.writeFile(path.join(sub, file), content);
      const result = await exportCli(['poll-print.md', '--poll-results', file, '-o', 'out.pdf'], sub);
      assert.equal(result.code, exitCode, result.stderr);
      const lines = result.stderr.trim().split('\n');
      assert.match(lines.at(-1)!, /^lectern export: /);
      assert.match(lines.at(-1)!, message);
      assert.ok(!result.stderr.includes('    at '), 'no stack trace');
      await assert.rejects(fs.access(path.join(sub, 'out.pdf')), 'no PDF written');
    });
  }
});
