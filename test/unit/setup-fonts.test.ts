// The set-up's CJK font step: found, installed with apt (updating lists once), or one line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasCjkFont, setupFonts, type FontSetupDeps } from '../../cli/setup-fonts.ts';

function deps(overrides: Partial<FontSetupDeps>): { deps: FontSetupDeps; lines: string[]; aptCalls: string[][] } {
  const lines: string[] = [];
  const aptCalls: string[][] = [];
  return {
    lines,
    aptCalls,
    deps: {
      env: {},
      families: () => ['DejaVu Sans', 'DejaVu Sans Mono'],
      canApt: () => true,
      apt: (args) => (aptCalls.push(args), true),
      say: (line) => lines.push(line),
      ...overrides,
    },
  };
}

test('font set-up: a TrueType CJK font found (fc-list lists every name of a family) installs nothing', () => {
  assert.ok(hasCjkFont(['DejaVu Sans', 'WenQuanYi Micro Hei,文泉驛微米黑,文泉驿微米黑']));
  assert.ok(!hasCjkFont(['Noto Sans CJK JP,Noto Sans CJK JP Regular', 'DejaVu Sans']), 'CFF CJK fonts print as Type 3: not counted');
  const found = deps({ families: () => ['WenQuanYi Micro Hei,文泉驛微米黑'] });
  assert.equal(setupFonts(found.deps), 'found');
  assert.deepEqual(found.aptCalls, []);
});

test('font set-up: none found, root with apt: installs fonts-wqy-microhei, updating lists when the first try fails', () => {
  const first = deps({});
  assert.equal(setupFonts(first.deps), 'installed');
  assert.deepEqual(first.aptCalls, [['install', '-y', '--no-install-recommends', 'fonts-wqy-microhei']]);
  let calls = 0;
  const stale = deps({ apt: (args) => (stale.aptCalls.push(args), ++calls > 1) });
  assert.equal(setupFonts(stale.deps), 'installed');
  assert.deepEqual(stale.aptCalls.map((a) => a[0]), ['install', 'update', 'install']);
  const broken = deps({ apt: () => false });
  assert.equal(setupFonts(broken.deps), 'failed');
  assert.match(broken.lines.at(-1) ?? '', /installing fonts-wqy-microhei failed: .*apt-get install fonts-wqy-microhei/);
});

test('font set-up: no apt, or skipped: one line at most, nothing run', () => {
  const noApt = deps({ canApt: () => false });
  assert.equal(setupFonts(noApt.deps), 'hint');
  assert.equal(noApt.lines.length, 1);
  assert.match(noApt.lines[0] ?? '', /empty boxes .* apt-get install fonts-wqy-microhei/);
  const noFontconfig = deps({ families: () => undefined });
  assert.equal(setupFonts(noFontconfig.deps), 'hint');
  assert.deepEqual(noFontconfig.lines, []);
  const skipped = deps({ env: { LECTERN_SKIP_BROWSER_SETUP: '1' } });
  assert.equal(setupFonts(skipped.deps), 'skipped');
  assert.deepEqual([...skipped.aptCalls, ...skipped.lines], []);
});
