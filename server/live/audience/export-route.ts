// GET /api/sessions/<id>/audience.json and .csv: the session's questions (every status) and
// poll results, for its presenter only — the presenter key as a bearer token. Wrong keys are
// paced per address, as they are for joins.
import express, { type Request, type Response } from 'express';
import { LecternError } from '../../../shared/errors.ts';
import { normalizeSessionId } from '../../../shared/protocol.ts';
import { sendError } from '../../http/errors.ts';
import { KeyedLimiter } from '../rate-limit.ts';
import { addressKey } from '../address.ts';
import { secretMatches } from '../sessions/ids.ts';
import type { LiveDeps } from '../deps.ts';
import { buildReport, reportCsv, type AudienceReport } from './report.ts';

type ExportDeps = Pick<LiveDeps, 'sessions' | 'audience' | 'shapes' | 'clock' | 'limits'>;

export function audienceExportRouter(deps: ExportDeps): express.Router {
  const router = express.Router();
  const wrongKeys = new KeyedLimiter(deps.limits.wrongKeysPerAddress, { clock: deps.clock });
  const fail = (res: Response, code: 'not-found' | 'unauthorized' | 'rate-limited', message: string) => sendError(res, new LecternError(code, message), 'json');

  async function report(req: Request, res: Response): Promise<AudienceReport | undefined> {
    res.set('Cache-Control', 'no-store');
    const address = addressKey(req.ip);
    if (wrongKeys.waitMs(address) > 0) return void fail(res, 'rate-limited', 'too many wrong keys; try again later');
    const id = normalizeSessionId(req.params.id);
    const session = id && (await deps.sessions.load(id));
    const key = /^Bearer (\S+)$/.exec(req.get('authorization') ?? '')?.[1];
    if (!session) return void fail(res, 'not-found', 'no such session');
    if (!key || !secretMatches(key, session.keyHash)) {
      wrongKeys.take(address);
      return void fail(res, 'unauthorized', 'send the presenter key: Authorization: Bearer <key>');
    }
    const [view, polls] = await Promise.all([deps.audience.read(session.id), deps.shapes.polls(session.deck)]);
    const snapshots = await Promise.all(polls.map(async (poll) => ({ poll, snapshot: await deps.audience.poll(session.id, poll.id, poll.choices.length) })));
    return buildReport(session.id, session.deck, deps.clock(), view.questions, snapshots);
  }

  const name = (r: AudienceReport, ext: string) => `attachment; filename="lectern-${r.session}-${r.deck.replace(/[^\w.-]+/g, '-')}-audience.${ext}"`;

  router.get('/api/sessions/:id/audience.json', async (req, res) => {
    const r = await report(req, res);
    if (r) res.set('Content-Disposition', name(r, 'json')).json(r);
  });
  router.get('/api/sessions/:id/audience.csv', async (req, res) => {
    const r = await report(req, res);
    if (r) res.set('Content-Disposition', name(r, 'csv')).type('text/csv; charset=utf-8').send(reportCsv(r));
  });
  return router;
}
