import { readFileSync } from 'node:fs';
import path from 'node:path';
import { demoSchema, envSchema } from '../../src/config/env';

describe('.env.example', () => {
  const listed = new Set(
    readFileSync(path.join(__dirname, '../../.env.example'), 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z0-9_]+=/.test(line))
      .map((line) => line.slice(0, line.indexOf('='))),
  );

  it('lists every variable of src/config/env.ts, and nothing else', () => {
    const variables = new Set([...Object.keys(envSchema.shape), ...Object.keys(demoSchema.shape)]);
    expect([...variables].filter((v) => !listed.has(v))).toEqual([]);
    expect([...listed].filter((v) => !variables.has(v))).toEqual([]);
  });
});
