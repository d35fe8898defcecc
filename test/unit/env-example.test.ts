import { readFileSync } from 'node:fs';
import path from 'node:path';
import { envSchema } from '../../src/config/env';
import { CONNECTORS } from '../../src/connectors/registry';
import { demoSchema } from '../../src/dev/demo-settings';

const read = (file: string) => readFileSync(path.join(__dirname, '../..', file), 'utf8');

describe('.env.example', () => {
  const listed = new Set(
    read('.env.example')
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

/** Every variable a registered connector declares in its folder's variables.ts (ADR 0020). */
describe("each connector's declared variables", () => {
  const declared = CONNECTORS.flatMap((m) => Object.keys(m.variables.shape).map((name) => ({ connector: m.provider, name })));
  const configTable = read('README.md').split('## Configuration')[1].split('\n## ')[0];
  const compose = read('docker-compose.yml');
  const example = read('.env.example');

  it('carry their prefix, and no two connectors declare the same name', () => {
    for (const m of CONNECTORS) for (const name of Object.keys(m.variables.shape)) expect(name.startsWith(m.variables.prefix)).toBe(true);
    expect(new Set(declared.map((d) => d.name)).size).toBe(declared.length);
    for (const m of CONNECTORS) for (const name of m.variables.group) expect(Object.keys(m.variables.shape)).toContain(name);
  });

  it("reach env.ts, .env.example, README's configuration table and docker-compose.yml", () => {
    const missing = (where: string, has: (name: string) => boolean) =>
      declared.filter((d) => !has(d.name)).map((d) => `${d.connector}: ${d.name} missing from ${where}`);
    expect([
      ...missing('src/config/env.ts', (n) => n in envSchema.shape),
      ...missing('.env.example', (n) => new RegExp(`^${n}=`, 'm').test(example)),
      ...missing("README's configuration table", (n) => new RegExp(`^\\|[^\\n]*\`${n}\``, 'm').test(configTable)),
      ...missing('docker-compose.yml', (n) => new RegExp(`^ {2}${n}: \\$\\{${n}:-[^}]*\\}`, 'm').test(compose)),
    ]).toEqual([]);
  });
});
