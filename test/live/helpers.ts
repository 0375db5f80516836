// Shared by the live-session tests: fixture decks, session creation over HTTP, real socket.io
// clients with promise helpers, a clock the tests move, and waits that fail with a message.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, CreatedSession } from '../../shared/protocol.ts';
import { projectRoot } from '../../server/config.ts';
import { tempDir } from '../helpers/server.ts';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** 4 horizontal slides; slide 1 has 2 fragments and notes; slide 2 is a stack of 3. */
export const TALK = `---
title: Live talk
author: Lectern tests
---

# Live talk

Note: Welcome everyone — SECRET-NOTE-ZERO

---

## Two steps

- First <!-- .element: class="fragment" -->
- Second <!-- .element: class="fragment" -->

Note: Remember the SECRET-NOTE-ONE

---

## Stack top

----

## Stack middle

----

## Stack bottom

---

## Thanks
`;

/** A temp decks folder: talk (above), other (a copy under another name), vertical (fixture). */
export async function liveDecks(): Promise<string> {
  const dir = await tempDir('lectern-live-decks-');
  await fs.writeFile(path.join(dir, 'talk.md'), TALK);
  await fs.writeFile(path.join(dir, 'other.md'), TALK.replace('title: Live talk', 'title: Other talk'));
  await fs.copyFile(path.join(projectRoot, 'test', 'fixtures', 'decks', 'vertical.md'), path.join(dir, 'vertical.md'));
  return dir;
}

/** `from`: the client address, told to the server as its local proxy would (X-Forwarded-For from loopback). */
export async function createSession(baseUrl: string, deck: string, token?: string, from?: string): Promise<CreatedSession> {
  const res = await postSession(baseUrl, deck, { token, from });
  if (res.status !== 201) throw new Error(`POST /api/sessions → ${res.status} ${await res.text()}`);
  return (await res.json()) as CreatedSession;
}

export function postSession(baseUrl: string, deck: string, { token, from }: { token?: string; from?: string } = {}): Promise<Response> {
  return fetch(`${baseUrl}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(from ? { 'x-forwarded-for': from } : {}) },
    body: JSON.stringify({ deck }),
  });
}

const open: TestSocket[] = [];

export async function connectClient(baseUrl: string, options: { reconnection?: boolean; from?: string } = {}): Promise<TestSocket> {
  const socket: TestSocket = io(baseUrl, {
    transports: ['websocket'],
    ...(options.from ? { extraHeaders: { 'x-forwarded-for': options.from } } : {}),
    forceNew: true,
    reconnection: options.reconnection ?? false,
    reconnectionDelay: 100,
    reconnectionDelayMax: 300,
  });
  open.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** A presenter's socket joined to `session`, and a move to slide `h` (fragment `f`) that checks the server took it. */
export async function joinAsPresenter(baseUrl: string, session: CreatedSession): Promise<{ socket: TestSocket; move(h: number, f?: number): Promise<void> }> {
  const socket = await connectClient(baseUrl);
  const joined = await request<{ ok: boolean }>(socket, 'session:join', { session: session.id, key: session.presenterKey });
  assert.equal(joined.ok, true, 'the presenter joins');
  const move = async (h: number, f = -1) => assert.equal((await request<{ ok: boolean }>(socket, 'presenter:navigate', { h, v: 0, f })).ok, true, `the presenter moves to ${h}.${f}`);
  return { socket, move };
}

export function closeClients(): void {
  for (const socket of open.splice(0)) socket.close();
}

/** emit with an ack, as untyped as a hostile client can be. */
export function request<T = unknown>(socket: TestSocket, event: string, ...args: unknown[]): Promise<T> {
  // The typed emitter refuses unknown events and wrong payloads, which is what these tests send.
  const untyped = socket as unknown as { timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<T> } };
  return untyped.timeout(3000).emitWithAck(event, ...args);
}

export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: TestSocket,
  event: E,
  predicate: (...args: Parameters<ServerToClientEvents[E]>) => boolean = () => true,
  timeoutMs = 3000,
): Promise<Parameters<ServerToClientEvents[E]>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (...args: Parameters<ServerToClientEvents[E]>) => {
      if (!predicate(...args)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(args);
    };
    socket.on(event, listener as never);
  });
}

export function collect<E extends keyof ServerToClientEvents>(socket: TestSocket, event: E): Array<Parameters<ServerToClientEvents[E]>[0]> {
  const seen: Array<Parameters<ServerToClientEvents[E]>[0]> = [];
  socket.on(event, ((arg: Parameters<ServerToClientEvents[E]>[0]) => seen.push(arg)) as never);
  return seen;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One request and its answer on `socket`. Whatever the server sent this socket before it
 * handled the request arrives before the answer (one connection keeps its order), so after this
 * a test may assert that something was not sent. `deck:watch` of no deck changes nothing.
 */
export async function roundTrip(socket: TestSocket): Promise<void> {
  assert.deepEqual(await request(socket, 'deck:watch', { slug: '' }), { ok: false, error: 'bad-deck' });
}

/** The hub's clock for a test server: real time plus what the test has moved it on by. */
export function testClock(): { now: () => number; advance(ms: number): void } {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance(ms) {
      offset += ms;
    },
  };
}
