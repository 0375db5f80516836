// What the exporter may fetch from outside (address.ts, egress.ts): the address classes, the
// checks after DNS, and the pinned transport, against local servers only (a "public" name is
// resolved by the test and its connection pointed back at loopback, so nothing leaves the machine).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { classifyAddress, type AddressClass } from '../../server/pdf/address.ts';
import { checkDestination, fetchExternal, pinnedTransport, type EgressOptions, type Resolved } from '../../server/pdf/egress.ts';
import { describeBlocked } from '../../server/pdf/guard.ts';

/** The host of a URL as the WHATWG parser (and so Chromium) normalises it, then classed. */
const classOfUrl = (url: string): AddressClass => classifyAddress(new URL(url).hostname, new Set());

describe('address classes', () => {
  test('IPv4, in every spelling a URL can carry', () => {
    const cases: Array<[string, AddressClass]> = [
      ['http://127.0.0.1/', 'loopback'],
      ['http://127.8.9.10/', 'loopback'],
      ['http://2130706433/', 'loopback'], // decimal
      ['http://0x7f.0.0.1/', 'loopback'], // hex
      ['http://0177.0.0.1/', 'loopback'], // octal
      ['http://0x7f000001/', 'loopback'],
      ['http://127.1/', 'loopback'], // short form
      ['http://10.1.2.3/', 'private'],
      ['http://172.16.5.4/', 'private'],
      ['http://192.168.1.1/', 'private'],
      ['http://169.254.1.1/', 'link-local'],
      ['http://169.254.169.254/', 'metadata'],
      ['http://100.64.0.1/', 'carrier-grade-nat'],
      ['http://100.100.100.200/', 'metadata'],
      ['http://0.0.0.0/', 'unspecified'],
      ['http://0/', 'unspecified'],
      ['http://224.0.0.1/', 'multicast'],
      ['http://255.255.255.255/', 'broadcast'],
      ['http://192.0.2.1/', 'reserved'],
      ['http://240.0.0.1/', 'reserved'],
      ['http://8.8.8.8/', 'public'],
      ['http://93.184.216.34/', 'public'],
    ];
    for (const [url, expected] of cases) assert.equal(classOfUrl(url), expected, url);
  });

  test('IPv6, and the IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4)', () => {
    const cases: Array<[string, AddressClass]> = [
      ['http://[::1]/', 'loopback'],
      ['http://[::]/', 'unspecified'],
      ['http://[fe80::1]/', 'link-local'],
      ['http://[fc00::1]/', 'private'],
      ['http://[fd12:3456::1]/', 'private'],
      ['http://[fd00:ec2::254]/', 'metadata'],
      ['http://[ff02::1]/', 'multicast'],
      ['http://[::ffff:127.0.0.1]/', 'loopback'],
      ['http://[::ffff:7f00:1]/', 'loopback'],
      ['http://[::ffff:10.0.0.1]/', 'private'],
      ['http://[::ffff:169.254.169.254]/', 'metadata'],
      ['http://[::ffff:8.8.8.8]/', 'public'],
      ['http://[64:ff9b::7f00:1]/', 'loopback'], // NAT64 of 127.0.0.1
      ['http://[64:ff9b::a9fe:a9fe]/', 'metadata'], // NAT64 of 169.254.169.254
      ['http://[64:ff9b::808:808]/', 'public'],
      ['http://[64:ff9b:1::a00:1]/', 'private'], // local-use NAT64
      ['http://[2002:7f00:1::]/', 'loopback'], // 6to4 of 127.0.0.1
      ['http://[2002:a00:1::1]/', 'private'], // 6to4 of 10.0.0.1
      ['http://[::7f00:1]/', 'reserved'], // IPv4-compatible, deprecated
      ['http://[fec0::1]/', 'reserved'], // site-local, deprecated
      ['http://[2001:db8::1]/', 'reserved'], // documentation
      ['http://[2001::1]/', 'reserved'], // Teredo
      ['http://[2606:4700:4700::1111]/', 'public'],
    ];
    for (const [url, expected] of cases) assert.equal(classOfUrl(url), expected, url);
  });

  test("an address of the machine's own interfaces, and anything that is not an address", () => {
    assert.equal(classifyAddress('93.184.216.34', new Set(['93.184.216.34'])), 'this-machine');
    assert.equal(classifyAddress('127.0.0.1'), 'loopback', 'the real interface list includes loopback, still loopback');
    assert.equal(classifyAddress('example.com'), 'invalid');
    assert.equal(classifyAddress(''), 'invalid');
  });
});

describe('checking a destination', () => {
  const names: Record<string, string[]> = { 'public.test': ['93.184.216.34'], 'mixed.test': ['93.184.216.34', '127.0.0.1'], 'v6.test': ['::1'] };
  const resolve = async (host: string): Promise<Resolved[]> => {
    const list = names[host];
    if (!list) throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
    return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  const check = async (url: string, options: EgressOptions = {}) => {
    const result = await checkDestination(new URL(url), { resolve, ...options });
    return result.ok ? `ok ${result.target.addresses.map((a) => a.address).join(' ')}` : result.reason;
  };

  test('https to a public address, with the address that was checked', async () => {
    assert.equal(await check('https://public.test/a.png'), 'ok 93.184.216.34');
    assert.equal(await check('https://8.8.8.8/a.png'), 'ok 8.8.8.8');
  });

  test('http only when allowed; other schemes never', async () => {
    assert.equal(await check('http://public.test/a.png'), 'http');
    assert.equal(await check('http://public.test/a.png', { allowHttp: true }), 'ok 93.184.216.34');
    assert.equal(await check('ftp://public.test/a.png'), 'scheme');
    assert.equal(await check('ws://public.test/'), 'scheme');
  });

  test('a name is judged by every address it resolves to; one bad address is enough', async () => {
    assert.equal(await check('https://mixed.test/'), 'loopback');
    assert.equal(await check('https://v6.test/'), 'loopback');
    assert.equal(await check('https://nowhere.test/'), 'dns');
    assert.equal(await check('https://[::ffff:192.168.0.1]/'), 'private', 'literals are not resolved, but checked');
  });

  test('the system resolver: localhost is loopback', async () => {
    const result = await checkDestination(new URL('https://localhost/'), {});
    assert.ok(!result.ok && result.reason === 'loopback');
  });
});

describe('fetching from the checked address', () => {
  let server: http.Server;
  let port: number;
  const seen: Array<{ host?: string; url?: string; referer?: string }> = [];

  before(async () => {
    server = http.createServer((req, res) => {
      seen.push({ host: req.headers.host, url: req.url, referer: req.headers.referer });
      if (req.url === '/gzip') {
        res.writeHead(200, { 'content-type': 'image/svg+xml', 'content-encoding': 'gzip' });
        res.end(zlib.gzipSync('<svg/>'));
      } else if (req.url === '/big') {
        res.end(Buffer.alloc(5000));
      } else if (req.url === '/slow') {
        /* never answers */
      } else if (req.url?.startsWith('/hop')) {
        const n = Number(req.url.slice(4));
        res.writeHead(302, { location: n > 0 ? `/hop${n - 1}` : '/done' }).end();
      } else if (req.url === '/to-loopback') {
        res.writeHead(302, { location: `http://127.0.0.1:${port}/done` }).end();
      } else {
        res.end('done');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test('the connection goes to the pinned address: the name is never looked up again', async () => {
    // rebind.test resolves nowhere: only the pinned address can have been used.
    const response = await pinnedTransport(
      { url: new URL(`http://rebind.test:${port}/pinned?x=1`), addresses: [{ address: '127.0.0.1', family: 4 }] },
      { signal: AbortSignal.timeout(5000), maxBytes: 1000, headers: { accept: 'image/*' } },
    );
    assert.equal(response.status, 200);
    assert.deepEqual(seen.at(-1), { host: `rebind.test:${port}`, url: '/pinned?x=1', referer: undefined });
  });

  // A name that resolves to a public address, whose connection the test points back at the local server.
  const options = (extra: EgressOptions = {}): EgressOptions => ({
    allowHttp: true,
    resolve: async () => [{ address: '93.184.216.34', family: 4 }],
    transport: (target, limits) => pinnedTransport({ ...target, addresses: [{ address: '127.0.0.1', family: 4 }] }, limits),
    ...extra,
  });
  const get = (path: string, extra?: EgressOptions) => fetchExternal(`http://images.test:${port}${path}`, {}, options(extra));

  test('compressed bodies are decoded; redirects are followed a few times, each hop checked', async () => {
    const gzip = await get('/gzip');
    assert.ok(gzip.ok && gzip.response.body.toString() === '<svg/>');
    const hops = await get('/hop3');
    assert.ok(hops.ok && hops.response.body.toString() === 'done');
    assert.deepEqual(await get('/hop9'), { ok: false, reason: 'too-many-redirects', host: 'images.test' });
    assert.deepEqual(await get('/to-loopback'), { ok: false, reason: 'loopback', host: '127.0.0.1' });
  });

  test('too large, too slow', async () => {
    assert.deepEqual(await get('/big', { maxBytes: 1000 }), { ok: false, reason: 'too-large', host: 'images.test' });
    assert.deepEqual(await get('/slow', { timeoutMs: 200 }), { ok: false, reason: 'timeout', host: 'images.test' });
  });

  test('refusals read as one line per host and reason', () => {
    const lines = describeBlocked([
      { url: 'http://127.0.0.1:1/a', host: '127.0.0.1', reason: 'loopback' },
      { url: 'http://127.0.0.1:1/b', host: '127.0.0.1', reason: 'loopback' },
      { url: 'http://x.test/c', host: 'x.test', reason: 'http' },
    ]);
    assert.deepEqual(lines, [
      '127.0.0.1: a loopback address (2 requests, e.g. http://127.0.0.1:1/a)',
      'x.test: http: is off (the operator can allow it with LECTERN_EXPORT_ALLOW_HTTP=1) (http://x.test/c)',
    ]);
  });
});
