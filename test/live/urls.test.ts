// The addresses handed out for a session, and the token buckets behind the rate limits.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Request } from 'express';
import type { Config } from '../../server/config.ts';
import { requestOrigin, shareableOrigin } from '../../server/live/urls.ts';
import { KeyedLimiter, TokenBucket } from '../../server/live/rate-limit.ts';

const req = (host: string, protocol = 'http') => ({ protocol, get: (name: string) => (name === 'host' ? host : undefined) }) as unknown as Request;
const config = (host: string) => ({ host }) as Config;

describe('session URLs', () => {
  test('the origin is the request host; a malformed Host header is not echoed', () => {
    assert.equal(requestOrigin(req('talks.example.org')), 'http://talks.example.org');
    assert.equal(requestOrigin(req('10.0.0.5:3000', 'https')), 'https://10.0.0.5:3000');
    assert.equal(requestOrigin(req('[::1]:3000')), 'http://[::1]:3000');
    assert.equal(requestOrigin(req('evil.example/"><script>')), 'http://localhost');
  });

  test('localhost on a server listening everywhere becomes the LAN address phones can reach', () => {
    assert.equal(shareableOrigin(req('localhost:3000'), config('0.0.0.0'), '192.168.1.20'), 'http://192.168.1.20:3000');
    assert.equal(shareableOrigin(req('127.0.0.1:3000'), config('::'), '192.168.1.20'), 'http://192.168.1.20:3000');
    assert.equal(shareableOrigin(req('localhost:3000'), config('127.0.0.1'), '192.168.1.20'), 'http://localhost:3000', 'bound to loopback: no LAN');
    assert.equal(shareableOrigin(req('talks.example.org'), config('0.0.0.0'), '192.168.1.20'), 'http://talks.example.org');
    assert.equal(shareableOrigin(req('localhost:3000'), config('0.0.0.0'), ''), 'http://localhost:3000', 'no LAN interface');
  });
});

describe('token buckets', () => {
  test('a burst, then the refill rate', () => {
    const bucket = new TokenBucket({ capacity: 3, perSecond: 2 }, () => 0);
    assert.deepEqual([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)], [true, true, true, false]);
    assert.equal(bucket.take(400), false);
    assert.equal(bucket.take(500), true);
    assert.equal(bucket.take(500), false);
    assert.equal(bucket.isFull(10_000), true);
  });

  test('keyed buckets are separate, and bounded in number', () => {
    const limiter = new KeyedLimiter({ capacity: 1, perSecond: 0.001 }, { maxKeys: 3 });
    assert.equal(limiter.take('a', 0), true);
    assert.equal(limiter.take('a', 0), false);
    assert.equal(limiter.take('b', 0), true);
    for (const key of ['c', 'd', 'e', 'f']) assert.equal(limiter.take(key, 0), true);
    // "a" was forgotten to stay within 3 keys: a fresh bucket.
    assert.equal(limiter.take('a', 0), true);
  });
});
