import { type Change, CriticalityLevel, diff } from '@graphql-inspector/core';
import { buildSchema } from 'graphql';

/** What the gate found: every change, the breaking ones schema/CHANGES.md does not own, and whether the changelog moved. */
export interface CompatReport {
  changes: Change[];
  unannounced: Change[];
  changelogMissing: boolean;
}

/**
 * The coordinates a changelog's new lines announce as deliberate breaks: every `code span` on a line that says
 * BREAKING (e.g. "- BREAKING: `Query.workspaces` is removed").
 */
export function announcedBreaks(newLines: readonly string[]): Set<string> {
  const coordinates = new Set<string>();
  for (const line of newLines) {
    if (!line.includes('BREAKING')) continue;
    for (const m of line.matchAll(/`([^`]+)`/g)) coordinates.add(m[1].trim());
  }
  return coordinates;
}

/**
 * Compares the SDL clients already use (`before`) with the new one, using @graphql-inspector/core's rules: a
 * removed type, field or argument, a type change a client's query would break on, a new required argument, and so
 * on are BREAKING. A breaking change passes only when a line added to schema/CHANGES.md names its coordinate;
 * any change at all needs some added line there, so the changelog lists every change.
 */
export async function checkCompatibility(
  before: string,
  after: string,
  changelogBefore: string,
  changelogAfter: string,
): Promise<CompatReport> {
  const changes = await diff(buildSchema(before), buildSchema(after));
  const old = new Set(changelogBefore.split('\n').map((l) => l.trim()));
  const added = changelogAfter
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !old.has(l));
  const announced = announcedBreaks(added);
  const unannounced = changes.filter((c) => c.criticality.level === CriticalityLevel.Breaking && !(c.path && announced.has(c.path)));
  return { changes, unannounced, changelogMissing: changes.length > 0 && added.length === 0 };
}
