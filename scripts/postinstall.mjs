// npm's postinstall, in the repository and in an installed package alike: the browser set-up
// for PDF export (scripts/setup-browser.ts; see cli/setup-browser.ts). The repository runs the
// TypeScript through tsx; an installed package runs its compiled copy (dist/node/setup-browser.mjs),
// as it has neither the source nor tsx. Never fails the install.
import fs from 'node:fs';

const say = (line) => console.log(`lectern: ${line}`);
try {
  const source = new URL('./setup-browser.ts', import.meta.url);
  const compiled = new URL('../dist/node/setup-browser.mjs', import.meta.url);
  if (fs.existsSync(source)) {
    const { register } = await import('tsx/esm/api');
    register();
    await import(source.href);
  } else if (fs.existsSync(compiled)) {
    await import(compiled.href);
  } else {
    say('browser set-up skipped: this copy has neither the source nor the compiled set-up');
  }
} catch (err) {
  say(`browser set-up skipped: ${err instanceof Error ? err.message : String(err)}`);
}
process.exitCode = 0;
