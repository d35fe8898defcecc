import type { ApolloServerPlugin } from '@apollo/server';
import { domainError } from './errors';
import { decodeGlobalId } from './global-id';
import { type GraphQLResolveInfo, getNamedType, getNullableType, GraphQLBoolean, GraphQLError, isEnumType, isObjectType } from 'graphql';
import type { AuditEventInput, AuditRepository } from '../audit/audit.repository';
import type { Logger } from '../lib/logger';
import type { Counter } from 'prom-client';
import type { Context } from './context';

/** Arguments that name what a mutation acts on, in order of preference. */
const TARGET_ARGUMENTS = ['connectionId', 'appId', 'workspaceId'];
/** Result types whose own id is the target (a completed OAuth returns the connection it made). */
const TARGET_TYPES = new Set(['Connection']);

/**
 * Records every executed Mutation root field in the audit trail, whatever resolver serves it, so a mutation
 * added later is audited without code of its own: its name, the caller, the target, and how it ended (a field
 * refused by `@Authorized` included). Queries are not hooked at all, so the read path pays nothing. String
 * arguments are never kept (an OAuth code or state is one); only Boolean and enum arguments are (e.g. purge).
 * The response waits for the events to be written (through the API's fast-failing driver, so at most about
 * NEO4J_API_TIMEOUT_MS), so a client that sees the answer can read its event. An event whose write fails is
 * never lost silently: it is logged as `audit_write_failed` with the event, counted, and written again after
 * the response (a few tries, backing off); if those fail too it is logged again as final.
 * Requests refused before execution (no valid token, an invalid document) are not events: they have no tenant
 * or ran nothing; the metrics count them.
 */
export function auditPlugin(audit: AuditRepository, logger: Logger, failures?: Counter<'final'>): ApolloServerPlugin<Context> {
  const failed = (event: AuditEventInput, err: unknown, final: boolean) => {
    failures?.inc({ final: String(final) });
    logger.error({ err, event, final }, 'audit_write_failed');
  };
  return {
    async requestDidStart() {
      // One write after the other, so several mutations of one request are recorded in the order they ran.
      let writes: Promise<void> = Promise.resolve();
      return {
        async executionDidStart({ operation }) {
          if (operation.operation !== 'mutation') return;
          return {
            willResolveField({ contextValue, args, info }) {
              if (info.path.prev !== undefined) return;
              return (error, result) => {
                const event = eventOf(contextValue, args, info, error, result);
                writes = writes
                  .then(() => audit.record(event))
                  .catch((err: unknown) => {
                    failed(event, err, false);
                    // After the response: the caller is not held while Neo4j is away.
                    void retry(() => audit.record(event)).catch((last: unknown) => failed(event, last, true));
                  });
              };
            },
          };
        },
        async willSendResponse() {
          await writes;
        },
      };
    },
  };
}

/** Later tries of a failed event write: 1, 4 and 16 s after the first failure. */
async function retry(write: () => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    await new Promise((r) => setTimeout(r, 1000 * 4 ** attempt).unref());
    try {
      return await write();
    } catch (err) {
      if (attempt >= 2) throw err;
    }
  }
}

function eventOf(
  ctx: Context,
  args: Record<string, unknown>,
  info: GraphQLResolveInfo,
  error: Error | null,
  result: unknown,
): AuditEventInput {
  const domain = domainError(error);
  const extensions = domain ? { code: domain.code, reason: domain.reason } : error instanceof GraphQLError ? error.extensions : {};
  return {
    tenantId: ctx.tenantId,
    actor: ctx.actor,
    action: info.fieldName,
    target: targetOf(args, info, error ? null : result),
    outcome: error ? (typeof extensions.code === 'string' ? extensions.code : 'INTERNAL') : 'ok',
    reason: error && typeof extensions.reason === 'string' ? extensions.reason : null,
    options: optionsOf(args, info),
  };
}

function targetOf(args: Record<string, unknown>, info: GraphQLResolveInfo, result: unknown): string | null {
  const named = TARGET_ARGUMENTS.map((name) => args[name]).find((v) => typeof v === 'string');
  // A global id is kept as the raw id it names, so the trail reads the same whichever form the client sent.
  if (typeof named === 'string') return decodeGlobalId(named)?.key.at(-1) ?? named;
  if (!result || typeof result !== 'object') return null;
  const r = result as Record<string, unknown>;
  if (typeof r.connectionId === 'string') return r.connectionId;
  const type = getNamedType(info.returnType);
  return isObjectType(type) && TARGET_TYPES.has(type.name) && typeof r.id === 'string' ? r.id : null;
}

/** The field's Boolean and enum arguments as JSON: they can carry no secret, and say what was asked (purge, provider). */
function optionsOf(args: Record<string, unknown>, info: GraphQLResolveInfo): string | null {
  const field = info.parentType.getFields()[info.fieldName];
  const kept = field.args.filter((a) => {
    const type = getNullableType(a.type);
    return (type === GraphQLBoolean || isEnumType(type)) && args[a.name] !== undefined && args[a.name] !== null;
  });
  return kept.length ? JSON.stringify(Object.fromEntries(kept.map((a) => [a.name, args[a.name]]))) : null;
}
