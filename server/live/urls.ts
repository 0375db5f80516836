// The addresses handed out for a session. The origin comes from the request; when the speaker
// opened Lectern as localhost on a server listening on every interface, the follow link and QR
// code in the presenter view use the machine's LAN address instead, which phones can reach.
import type { Request } from 'express';
import { listensEverywhere, type Config } from '../config.ts';
import { isLoopbackHost, lanAddresses } from '../net/address.ts';

const HOST_HEADER = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

export function requestOrigin(req: Request): string {
  const host = req.get('host') ?? '';
  return `${req.protocol}://${HOST_HEADER.test(host) ? host : 'localhost'}`;
}

export function shareableOrigin(req: Request, config: Config, lan = lanAddresses()[0]): string {
  const origin = requestOrigin(req);
  const url = new URL(origin);
  if (!isLoopbackHost(url.hostname) || !listensEverywhere(config) || !lan) return origin;
  url.hostname = lan;
  return url.origin;
}

export const followPath = (id: string) => `/live/${id}`;
export const presenterPath = (id: string) => `/present/${id}`;
