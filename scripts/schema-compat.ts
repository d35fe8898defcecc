import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { printSchema } from '../src/cli/schema.command';
import { checkCompatibility } from './schema-compat/compat';

const ROOT = path.join(__dirname, '..');
const SDL = 'schema/schema.graphql';
const CHANGELOG = 'schema/CHANGES.md';

const git = (...args: string[]): string | null => {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
};
const fileAt = (ref: string, file: string): string | null => git('show', `${ref}:${file}`);

/**
 * The commit whose committed SDL clients are taken to use (ADR 0017). On a branch: where it left main (the
 * merge-base with `main`, or `origin/main` in a clone that has only the remote). On main itself (or with no main
 * ref): HEAD while the working tree changes the schema, else HEAD's first parent, so the last commit that landed is
 * checked against what main held before it. Null outside git or on a first commit: nothing to compare with.
 */
function baseCommit(current: string): { ref: string; why: string } | null {
  const head = git('rev-parse', 'HEAD');
  if (!head) return null;
  const main =
    git('rev-parse', '--verify', '--quiet', 'refs/heads/main') ?? git('rev-parse', '--verify', '--quiet', 'refs/remotes/origin/main');
  if (main && main !== head) {
    const base = git('merge-base', 'HEAD', main);
    if (base) return { ref: base, why: `where this branch left main (${base.slice(0, 7)})` };
  }
  if (fileAt('HEAD', SDL) !== current) return { ref: head, why: 'HEAD (the working tree changes the schema)' };
  const parent = git('rev-parse', '--verify', '--quiet', 'HEAD^1');
  return parent ? { ref: parent, why: `HEAD's first parent (${parent.slice(0, 7)}), what main held before the last commit` } : null;
}

/** Fails (exit 1) on a breaking change the changelog does not announce, or a change it does not list. */
async function main() {
  const current = (await printSchema()) + '\n';
  const base = baseCommit(current);
  const before = base && fileAt(base.ref, SDL);
  if (!base || !before) {
    process.stdout.write('schema:compat: no committed schema to compare with; nothing to check.\n');
    return;
  }
  const changelog = fs.existsSync(path.join(ROOT, CHANGELOG)) ? fs.readFileSync(path.join(ROOT, CHANGELOG), 'utf8') : '';
  const report = await checkCompatibility(before, current, fileAt(base.ref, CHANGELOG) ?? '', changelog);
  const problems: string[] = [];
  for (const c of report.unannounced) problems.push(`BREAKING ${c.path ?? ''}: ${c.message}`);
  if (report.changelogMissing) problems.push(`the schema changed (${report.changes.length} changes) but ${CHANGELOG} has no new entry`);
  if (problems.length) {
    process.stderr.write(
      `schema:compat against ${base.why}:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
        `A deliberate break needs a line in ${CHANGELOG} saying BREAKING with the coordinate in backticks, e.g. BREAKING: \`Query.workspaces\`.\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`schema:compat: ${report.changes.length} changes against ${base.why}, none breaking unannounced.\n`);
}
void main();
