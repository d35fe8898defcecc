import { registerEnumType } from 'type-graphql';

/** What the schema needs to know of a connector: its stored id and its name. */
export interface ProviderInfo {
  provider: string;
  displayName: string;
}

/**
 * The GraphQL `Provider` enum: one value per registered connector (its id upper-cased, e.g. NOTION), whose
 * internal value is the stored provider id (`notion`). Filled from the registry when the schema is built, so
 * the GraphQL layer names no provider; type-graphql reads it through the `() => Provider` thunks at build time.
 */
export const Provider: Record<string, string> = {};

let registered = false;

/** Fills the enum from the registry's connectors (once per process; later calls add nothing new). */
export function registerProviders(providers: readonly ProviderInfo[]): void {
  for (const p of providers) Provider[p.provider.toUpperCase()] = p.provider;
  if (registered) return;
  registered = true;
  registerEnumType(Provider, {
    name: 'Provider',
    description: 'A source of identities that Layer connects to (one connector each).',
    valuesConfig: Object.fromEntries(providers.map((p) => [p.provider.toUpperCase(), { description: p.displayName }])),
  });
}
