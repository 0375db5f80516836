// A deck with a ```poll exported to PDF: the slide prints the question and its choices, and not
// which choice is correct (that is for the live reveal).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyDecks, startServer, type TestServer } from '../helpers/server.ts';
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
