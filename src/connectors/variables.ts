import { z } from 'zod';

/** Unset and empty are the same (docker compose passes an unset variable as ""). */
export const unsetIfEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/**
 * A connector's environment variables (ADR 0016, ADR 0020): a zod object's shape whose every key carries the connector's
 * prefix, and its group (all set: the connector is on; all unset: off; half set: start-up refuses naming what is
 * missing). `src/config/env.ts` composes every registered connector's object; `.env.example`, README's table and
 * `docker-compose.yml` must list each variable (test/unit/env-example.test.ts).
 */
export interface ConnectorVariables<S extends z.ZodRawShape = z.ZodRawShape> {
  /** Every variable's name starts with it (`SLACK_`). */
  readonly prefix: string;
  /** The zod object's shape: each variable's parser (`unsetIfEmpty(…)` for the group, a default for the rest). */
  readonly shape: S;
  /** The variables that switch the connector on, all or none. */
  readonly group: readonly string[];
}

/** Declares a connector's variables; a name without the prefix fails at load, so two connectors cannot collide. */
export function declareVariables<S extends z.ZodRawShape>(
  prefix: string,
  group: readonly (keyof S & string)[],
  shape: S,
): ConnectorVariables<S> {
  const stray = Object.keys(shape).filter((name) => !name.startsWith(prefix));
  if (stray.length > 0) throw new Error(`${stray.join(', ')}: a connector's variables must start with ${prefix}`);
  return { prefix, shape, group };
}
