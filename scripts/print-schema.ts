import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { printSchema } from '../src/cli/schema.command';

/** Writes the SDL the type-graphql classes emit, sorted, to schema/schema.graphql (or checks it with --check). */
async function main() {
  const sdl = (await printSchema()) + '\n';
  const file = path.join(__dirname, '../schema/schema.graphql');
  if (process.argv.includes('--check')) {
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== sdl) {
      process.stderr.write('schema/schema.graphql is stale: run `npm run schema:print` and commit it.\n');
      process.exit(1);
    }
    return;
  }
  fs.writeFileSync(file, sdl);
}
void main();
