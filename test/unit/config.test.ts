import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ConfigError, loadConfig, projectRoot } from '../../server/config.ts';

test('defaults: port 3000 on all interfaces, decks and data under the project', () => {
  const config = loadConfig([], {});
  assert.equal(config.port, 3000);
  assert.equal(config.host, '0.0.0.0');
  assert.equal(config.decksDir, path.join(projectRoot, 'decks'));
  assert.equal(config.dataDir, path.join(projectRoot, 'data'));
  assert.equal(config.adminToken, undefined);
});

test('environment variables, and flags over them', () => {
  const env = { PORT: '4100', HOST: '127.0.0.1', DECKS_DIR: '/tmp/talks', DATA_DIR: '/tmp/state', LECTERN_ADMIN_TOKEN: 's3cret' };
  const fromEnv = loadConfig([], env);
  assert.equal(fromEnv.port, 4100);
  assert.equal(fromEnv.host, '127.0.0.1');
  assert.equal(fromEnv.decksDir, '/tmp/talks');
  assert.equal(fromEnv.adminToken, 's3cret');
  const fromFlags = loadConfig(['--port', '4000', '--decks', '/srv/talks', '--data', '/srv/state', '--no-watch'], env);
  assert.equal(fromFlags.port, 4000);
  assert.equal(fromFlags.decksDir, '/srv/talks');
  assert.equal(fromFlags.dataDir, '/srv/state');
  assert.equal(fromFlags.watch, false);
});

test('bad flags and ports are ConfigErrors with a usage line', () => {
  assert.throws(() => loadConfig(['--port', 'eighty'], {}), (err) => err instanceof ConfigError && /invalid port "eighty"/.test(err.message));
  assert.throws(() => loadConfig([], { PORT: '70000' }), ConfigError);
  assert.throws(() => loadConfig(['--nope'], {}), (err) => err instanceof ConfigError && /Usage: npm start/.test(err.message));
});
