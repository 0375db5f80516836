// The addresses handed out for a session. The origin comes from the request; when the speaker
// opened Lectern as localhost on a server listening on every interface, the follow link and QR
// code in the presenter view use the machine's LAN address instead, which phones can reach.
import os from 'node:os';
import type { Request } from 'express';
import type { Config } from '../config.ts';

const HOST_HEADER = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

export function requestOrigin(req: Request): string {
  const host = req.get('host') ?? '';
  return `${req.protocol}://${HOST_HEADER.test(host) ? host : 'localhost'}`;
}

export function lanAddress(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
}

export function shareableOrigin(req: Request, config: Config, lan = lanAddress()): string {
  const origin = requestOrigin(req);
  const url = new URL(origin);
  const loopback = url.hostname === 'localhost' || url.hostname.startsWith('127.') || url.hostname === '[::1]';
  const everywhere = config.host === '0.0.0.0' || config.host === '::';
  if (!loopback || !everywhere || !lan) return origin;
  url.hostname = lan;
  return url.origin;
}

export const followPath = (id: string) => `/live/${id}`;
export const presenterPath = (id: string) => `/present/${id}`;
