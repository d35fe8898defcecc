import { AppError } from '../lib/errors';
import type { Connector } from './connector';

/** The connectors this deployment has configured, by provider id; the core looks them up here. */
export class Connectors {
  private readonly byProvider: Map<string, Connector>;

  /** `redirectOrigins`: OAUTH_REDIRECT_ORIGINS, origins an authorization may return to besides each provider's registered callback's. */
  constructor(
    connectors: readonly Connector[],
    readonly redirectOrigins: readonly string[] = [],
  ) {
    this.byProvider = new Map(connectors.map((c) => [c.provider, c]));
  }

  /** The configured connector of a provider, or null. */
  find(provider: string): Connector | null {
    return this.byProvider.get(provider) ?? null;
  }

  /** The configured connector of a provider, or a domain error saying the deployment has not configured it. */
  get(provider: string): Connector {
    const connector = this.find(provider);
    if (!connector) {
      throw new AppError(
        'BAD_USER_INPUT',
        'PROVIDER_NOT_CONFIGURED',
        `The ${provider} connector is not configured on this server; an operator must set its variables.`,
      );
    }
    return connector;
  }

  /** Every configured connector. */
  list(): Connector[] {
    return [...this.byProvider.values()];
  }
}
