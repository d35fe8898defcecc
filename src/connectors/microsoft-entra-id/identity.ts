import { AsyncLocalStorage } from 'node:async_hooks';
import {
  AuthError,
  ConfidentialClientApplication,
  type INetworkModule,
  LogLevel,
  type NetworkRequestOptions,
  type NetworkResponse,
  ServerError,
} from '@azure/msal-node';
import { EntraTokenError } from './entra-errors';
import type { EntraSettings } from './settings';
import { type HttpsTransport, NoAnswer } from './transport';

/** Who consented, from the id_token of the code redemption: the customer's tenant is `tid`, nothing else. */
export interface Consenter {
  tenantId: string;
  objectId: string | null;
  username: string | null;
}

const TENANT_IN_PATH = /^\/([0-9a-f-]{36})\//i;

/**
 * The identity platform through msal-node's ConfidentialClientApplication: one app object for the process, whose
 * in-memory cache holds an app-only token per customer tenant. Its network goes through our HTTPS transport
 * (MICROSOFT_CA_FILE, timeout); the caller's abort signal reaches each request through AsyncLocalStorage,
 * since msal's network module has no per-call context.
 */
export class EntraIdentity {
  private readonly cca: ConfidentialClientApplication;
  private readonly signal = new AsyncLocalStorage<AbortSignal | undefined>();
  /** `https://graph.microsoft.com/.default`: every application permission the admin granted. */
  readonly graphScope: string;

  constructor(
    private readonly settings: EntraSettings,
    private readonly transport: HttpsTransport,
  ) {
    this.graphScope = `${settings.graphBaseUrl}/.default`;
    const networkClient: INetworkModule = {
      sendGetRequestAsync: (url, options) => this.net(url, 'GET', options),
      sendPostRequestAsync: (url, options) => this.net(url, 'POST', options),
    };
    this.cca = new ConfidentialClientApplication({
      auth: {
        clientId: settings.clientId,
        clientSecret: settings.clientSecret,
        authority: `${settings.authorityHost}/organizations`,
        // A known authority skips instance discovery at login.microsoftonline.com (sheet §7): the stand-in, sovereign clouds.
        knownAuthorities: [new URL(settings.authorityHost).host],
      },
      system: { networkClient, loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => undefined } },
    });
  }

  /**
   * The consent URL (route A of sheet §1): any work account signs in at `organizations`; `/.default` asks for the
   * app's application permissions, which an administrator grants for the whole organisation. Built here rather
   * than by msal's getAuthCodeUrl, which is asynchronous (it fetches the authority's metadata) while the
   * contract's authorizationUrl is not; the parameters are the documented ones.
   */
  authorizationUrl(state: string, redirectUri: string): string {
    const q = new URLSearchParams({
      client_id: this.settings.clientId,
      response_type: 'code',
      redirect_uri: redirectUri,
      response_mode: 'query',
      scope: `openid profile email offline_access ${this.graphScope}`,
      state,
      prompt: 'consent',
    });
    return `${this.settings.authorityHost}/organizations/oauth2/v2.0/authorize?${q.toString()}`;
  }

  /** Redeems the code (msal's acquireTokenByCode) and reads the id_token's `tid`: the one trusted tenant id. */
  async redeem(code: string, redirectUri: string, signal?: AbortSignal): Promise<Consenter> {
    const result = await this.run(signal, () => this.cca.acquireTokenByCode({ code, redirectUri, scopes: [this.graphScope] }));
    const claims = (result?.idTokenClaims ?? {}) as { tid?: unknown; oid?: unknown; preferred_username?: unknown };
    if (typeof claims.tid !== 'string' || !claims.tid) throw new EntraTokenError(200, 'no_tenant_in_id_token', null);
    return {
      tenantId: claims.tid.toLowerCase(),
      objectId: typeof claims.oid === 'string' ? claims.oid : null,
      username: typeof claims.preferred_username === 'string' ? claims.preferred_username : null,
    };
  }

  /** An app-only token for a customer tenant (client credentials), from msal's cache unless `fresh`. */
  async appToken(tenantId: string, signal?: AbortSignal, fresh = false): Promise<string> {
    const result = await this.run(signal, () =>
      this.cca.acquireTokenByClientCredential({
        scopes: [this.graphScope],
        authority: `${this.settings.authorityHost}/${tenantId}`,
        skipCache: fresh,
      }),
    );
    if (!result?.accessToken) throw new EntraTokenError(200, 'no_access_token', null);
    return result.accessToken;
  }

  private async run<T>(signal: AbortSignal | undefined, call: () => Promise<T>): Promise<T> {
    try {
      return await this.signal.run(signal, call);
    } catch (err) {
      throw toTokenError(err, signal);
    }
  }

  private async net<T>(url: string, method: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    const tenant = TENANT_IN_PATH.exec(new URL(url).pathname)?.[1];
    const res = await this.transport.send(url, { method, headers: options?.headers, body: options?.body }, this.signal.getStore(), tenant);
    let body: unknown = {};
    try {
      body = JSON.parse(res.body);
    } catch {
      // msal reads a non-JSON answer as an empty one and fails on the missing fields.
    }
    return { status: res.status, headers: res.headers, body: body as T };
  }
}

/** msal's errors as EntraTokenError: the OAuth code and the AADSTS number, never the request. */
export function toTokenError(err: unknown, signal?: AbortSignal): EntraTokenError {
  if (err instanceof EntraTokenError) return err;
  if (err instanceof ServerError)
    return new EntraTokenError(err.status ?? 400, err.errorCode || null, err.errorNo ?? aadsts(err.errorMessage));
  if (err instanceof NoAnswer || signal?.aborted) return new EntraTokenError(0, signal?.aborted ? 'aborted' : 'network', null);
  if (err instanceof AuthError) return new EntraTokenError(0, err.errorCode || 'msal_error', aadsts(err.errorMessage));
  return new EntraTokenError(0, 'network', null);
}

const aadsts = (message: string | undefined): string | null => /AADSTS(\d+)/.exec(message ?? '')?.[1] ?? null;
