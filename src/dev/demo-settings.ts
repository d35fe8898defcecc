import { z } from 'zod';
import { anyConnectorSet, ConfigError } from '../config/env';
import { unsetIfEmpty as optional } from '../connectors/variables';

/**
 * The offline demo's switches (read before the rest, since the demo supplies the service's own variables).
 * LAYER_DEMO: auto (demo when neither NEO4J_URI nor any connector's variables are set), true, or false.
 */
export const demoSchema = z.object({
  LAYER_DEMO: z.enum(['auto', 'true', 'false']).default('auto'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  NEO4J_URI: z.string().optional(),
  NOTION_SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(4100),
  /** Unset: the demo's server and stand-ins listen on 127.0.0.1 only (outside the demo HOST defaults to 0.0.0.0). */
  HOST: optional(z.string().min(1)),
  /** The stand-ins' interface; unset: HOST, else 127.0.0.1. */
  NOTION_SANDBOX_HOST: optional(z.string().min(1)),
  NOTION_SANDBOX_PUBLIC_URL: z.url().optional(),
  GOOGLE_SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(4200),
  GOOGLE_SANDBOX_PUBLIC_URL: z.url().optional(),
  MICROSOFT_SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(4300),
  SLACK_SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(4400),
  GITHUB_SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(4500),
});

export type DemoSettings = z.infer<typeof demoSchema> & { enabled: boolean };

/** Whether to run the offline demo, and where its stand-in listens. */
export function loadDemoSettings(source: NodeJS.ProcessEnv = process.env): DemoSettings {
  const parsed = demoSchema.safeParse(source);
  if (!parsed.success)
    throw new ConfigError(`Invalid configuration:\n${parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  const d = parsed.data;
  const anyConnector = anyConnectorSet(source);
  const enabled = d.LAYER_DEMO === 'true' || (d.LAYER_DEMO === 'auto' && !d.NEO4J_URI && !anyConnector);
  return { ...d, enabled };
}
