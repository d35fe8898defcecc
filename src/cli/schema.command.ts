import { printSchema as print } from 'graphql';
import { CONNECTORS } from '../connectors/registry';
import { buildAppSchema } from '../graphql/schema';

/** The schema's SDL, exactly as `npm run schema:print` commits it. */
export async function printSchema(): Promise<string> {
  return print(await buildAppSchema(CONNECTORS));
}
