import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { LecternError } from '../../shared/errors.ts';
import { adminTokenAdvice, loadConfig, projectRoot } from '../../server/config.ts';
import express from 'express';
import { addressKey, clientAddress, type TrustProxy } from '../../server/live/address.ts';

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

test('bad flags and ports are config errors with a usage line', () => {
  assert.throws(() => loadConfig(['--port', 'eighty'], {}), (err) => err instanceof LecternError && err.code === 'config' && /invalid port "eighty"/.test(err.message));
  assert.throws(() => loadConfig([], { PORT: '70000' }), (err) => err instanceof LecternError && err.code === 'config');
  assert.throws(() => loadConfig(['--nope'], {}), (err) => err instanceof LecternError && err.code === 'config' && /Usage: npm start/.test(err.message));
});

test('TRUST_PROXY: loopback by default; true/false, hop counts and address lists as express takes them', () => {
  assert.equal(loadConfig([], {}).trustProxy, 'loopback');
  assert.equal(loadConfig([], { TRUST_PROXY: 'false' }).trustProxy, false);
  assert.equal(loadConfig([], { TRUST_PROXY: 'TRUE' }).trustProxy, true);
  assert.equal(loadConfig([], { TRUST_PROXY: '2' }).trustProxy, 2);
  assert.equal(loadConfig(['--trust-proxy', '10.0.0.0/8, 192.168.1.4'], { TRUST_PROXY: 'false' }).trustProxy, '10.0.0.0/8, 192.168.1.4');
  assert.throws(() => loadConfig([], { TRUST_PROXY: 'loopback; rm -rf' }), (err) => err instanceof LecternError && err.code === 'config' && /TRUST_PROXY/.test(err.message));
});

test('the live hub reads client addresses as express does: X-Forwarded-For only through trusted proxies', () => {
  const trust = (setting: boolean | number | string) => {
    const app = express();
    app.set('trust proxy', setting);
    return app.get('trust proxy fn') as TrustProxy;
  };
  // nginx on this machine (the default): the forwarded client counts...
  assert.equal(clientAddress('127.0.0.1', '203.0.113.9', trust('loopback')), '203.0.113.9');
  assert.equal(clientAddress('::ffff:127.0.0.1', '198.51.100.1, 203.0.113.9', trust('loopback')), '203.0.113.9', 'only the hop nginx saw');
  // ...but a client on the network cannot name its own address.
  assert.equal(clientAddress('192.0.2.7', '203.0.113.9', trust('loopback')), '192.0.2.7');
  assert.equal(clientAddress('127.0.0.1', '203.0.113.9', trust(false)), '127.0.0.1');
  // A balancer on another machine, named in TRUST_PROXY.
  assert.equal(clientAddress('10.1.2.3', '203.0.113.9', trust('10.0.0.0/8')), '203.0.113.9');
  assert.equal(clientAddress('10.1.2.3', '203.0.113.9', trust('loopback')), '10.1.2.3');
  assert.equal(clientAddress('10.1.2.3', undefined, trust(true)), '10.1.2.3');
  assert.equal(clientAddress('127.0.0.1', ['198.51.100.1', '203.0.113.9'], trust(1)), '203.0.113.9', 'one hop trusted');
});

test('per-address limits count an IPv6 client by its /64 and IPv4-mapped IPv6 as IPv4', () => {
  assert.equal(addressKey('203.0.113.9'), '203.0.113.9');
  assert.equal(addressKey('::ffff:203.0.113.9'), '203.0.113.9');
  assert.equal(addressKey('2001:db8:1:2::1'), '2001:db8:1:2::/64');
  assert.equal(addressKey('2001:DB8:1:2:ffff:ffff:ffff:ffff'), '2001:db8:1:2::/64');
  assert.equal(addressKey('2001:db8:1:3::1'), '2001:db8:1:3::/64');
  assert.equal(addressKey('fe80::1%eth0'), 'fe80::/64');
  assert.equal(addressKey(undefined), 'unknown');
  assert.equal(addressKey('x'.repeat(500)).length, 64, 'anything else is its own key, bounded');
});

test('start-up advice: listening on every interface without LECTERN_ADMIN_TOKEN says to set it', () => {
  assert.match(adminTokenAdvice({ host: '0.0.0.0' }) ?? '', /should set LECTERN_ADMIN_TOKEN/);
  assert.match(adminTokenAdvice({ host: '::' }) ?? '', /LECTERN_ADMIN_TOKEN/);
  assert.equal(adminTokenAdvice({ host: '0.0.0.0', adminToken: 's3cret' }), undefined);
  assert.equal(adminTokenAdvice({ host: '127.0.0.1' }), undefined);
});
