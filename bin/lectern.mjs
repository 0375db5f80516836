#!/usr/bin/env node
// The `lectern` command. An installed package runs its compiled bundle (dist/node/lectern.mjs,
// made by `npm pack`: scripts/build-package.mjs) on plain node; a checkout of the repository
// (which has the TypeScript source) runs the source through tsx, so it always runs what is there.
import fs from 'node:fs';

const source = new URL('../scripts/lectern.ts', import.meta.url);
if (fs.existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import(new URL('../dist/node/lectern.mjs', import.meta.url).href);
}
