// The light print view's colour reading (client/lib/print-pages.ts): which slides count as dark
// or light, as reveal.js decides it, so the theme's text colours follow the background.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brightness } from '../../client/lib/print-pages.ts';

test('brightness of hex and rgb()/rgba() colours, on reveal.js scale (0–255)', () => {
  assert.equal(brightness('#000'), 0);
  assert.equal(brightness('#ffffff'), 255);
  assert.equal(brightness('#102030'), (16 * 299 + 32 * 587 + 48 * 114) / 1000);
  assert.equal(brightness('rgb(250, 240, 200)'), (250 * 299 + 240 * 587 + 200 * 114) / 1000);
  assert.equal(brightness('rgba(18, 23, 38, 0.5)'), (18 * 299 + 23 * 587 + 38 * 114) / 1000);
  assert.equal(brightness('rgb(18 23 38 / 50%)'), (18 * 299 + 23 * 587 + 38 * 114) / 1000);
});

test('transparent, empty or unreadable colours give no answer (the slide gets no contrast class)', () => {
  assert.equal(brightness('rgba(0, 0, 0, 0)'), null);
  assert.equal(brightness(''), null);
  assert.equal(brightness('black'), null, 'names are read from the computed style instead');
  assert.equal(brightness('#12'), null);
});
