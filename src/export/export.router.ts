import { Router, type Request, type Response } from 'express';
import type { AuditEventInput, AuditRepository } from '../audit/audit.repository';
import type { Authenticator, Caller } from '../graphql/auth';
import { Provider } from '../graphql/types/provider';
import { AppError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { pumpCsv } from './csv-stream';
import { ExportInputError, ExportQuery } from './export-query';
import { EXPORTS, type ExportSources } from './exports';

/** Rows read from Neo4j per round trip: a page is all an export holds at once. */
export const EXPORT_PAGE_SIZE = 500;

const STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  UPSTREAM_UNAVAILABLE: 503,
};

const fail = (res: Response, code: string, reason: string, message: string) =>
  res.status(STATUS[code] ?? 500).json({ error: { code, reason, message } });

/**
 * `GET /export/<name>.csv`: the same bearer token as /graphql (viewers may export), the GraphQL field's filters
 * as query parameters, the CSV streamed page by page (ADR 0017). Each export, refused ones with a tenant
 * included, is an audit event: action `GET /export/<name>.csv`, its Boolean and enum filters, and how it ended.
 */
export function exportRouter(
  sources: ExportSources,
  audit: AuditRepository,
  auth: Authenticator,
  logger: Logger,
  pageSize = EXPORT_PAGE_SIZE,
) {
  const router = Router();
  router.get('/:file', async (req: Request<{ file: string }>, res: Response) => {
    const name = /^(.+)\.csv$/.exec(req.params.file)?.[1];
    const definition = name && Object.hasOwn(EXPORTS, name) ? EXPORTS[name] : null;
    let caller: Caller;
    try {
      caller = await auth.authenticate(req.headers.authorization);
    } catch (err) {
      const e = err instanceof AppError ? err : new AppError('UNAUTHENTICATED', 'INVALID_TOKEN', 'The token could not be verified.');
      return fail(res, e.code, e.reason, e.message);
    }
    if (!definition) {
      return fail(
        res,
        'NOT_FOUND',
        'NO_SUCH_EXPORT',
        `No export named "${req.params.file}"; there are ${Object.keys(EXPORTS)
          .map((n) => `${n}.csv`)
          .join(', ')}.`,
      );
    }
    const query = new ExportQuery(req.query as Record<string, unknown>, Provider);
    const event = (outcome: string, reason: string | null): AuditEventInput => ({
      tenantId: caller.tenantId,
      actor: caller.actor,
      action: `GET /export/${name}.csv`,
      target: null,
      outcome,
      reason,
      options: query.options(definition.auditParams),
    });
    const record = (e: AuditEventInput) =>
      audit.record(e).catch((err: unknown) => logger.error({ err, event: e }, 'Could not record an audit event'));
    const unknown = query.unknown(definition.params);
    if (unknown.length) {
      await record(event('BAD_USER_INPUT', 'UNKNOWN_PARAMETER'));
      return fail(
        res,
        'BAD_USER_INPUT',
        'UNKNOWN_PARAMETER',
        `This export takes ${definition.params.join(', ') || 'no parameters'}; not ${unknown.join(', ')}.`,
      );
    }
    const pages = definition.pages(sources, caller.tenantId, query, pageSize)[Symbol.asyncIterator]();
    // The first page before any header: a bad filter or an unreachable Neo4j is still an error status, not a truncated file.
    let first: IteratorResult<Record<string, unknown>[]>;
    try {
      first = await pages.next();
    } catch (err) {
      const e =
        err instanceof ExportInputError ? new AppError('BAD_USER_INPUT', err.reason, err.message) : err instanceof AppError ? err : null;
      await record(event(e?.code ?? 'INTERNAL', e?.reason ?? null));
      if (!e) logger.error({ err }, 'An export failed before its first row');
      return e
        ? fail(res, e.code, e.reason, e.message)
        : fail(res, 'INTERNAL', 'INTERNAL', 'Something went wrong on our side; the error was logged.');
    }
    res.status(200);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${name}-${new Date().toISOString().slice(0, 10)}.csv"`);
    res.setHeader('cache-control', 'no-store');
    async function* rest() {
      if (!first.done) yield first.value;
      for (let next = await pages.next(); !next.done; next = await pages.next()) yield next.value;
    }
    try {
      const rows = await pumpCsv(rest(), definition.columns, res);
      await record(
        event(res.destroyed && !res.writableFinished ? 'ABORTED' : 'ok', res.destroyed && !res.writableFinished ? 'CLIENT_CLOSED' : null),
      );
      logger.info({ export: name, rows, tenantId: caller.tenantId }, 'Export served');
    } catch (err) {
      // Headers are gone: the only way to tell the client is to cut the response, so the file is visibly incomplete.
      logger.error({ err, export: name }, 'An export failed part-way');
      await record(event('INTERNAL', 'EXPORT_FAILED'));
      res.destroy(err as Error);
    }
  });
  return router;
}
