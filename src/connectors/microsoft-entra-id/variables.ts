import { z } from 'zod';
import { declareVariables, unsetIfEmpty } from '../variables';

/**
 * Microsoft Entra ID's variables (docs/connectors/microsoft-entra-id.md). The first three are the group: all set
 * (the connector is on) or none. 10 requests/s per customer tenant stays far below Graph's identity limits
 * (3,500 resource units per 10 s for a large tenant; a user page costs 2), so retries and replicas have room.
 */
export const microsoftVariables = declareVariables(
  'MICROSOFT_',
  ['MICROSOFT_CLIENT_ID', 'MICROSOFT_CLIENT_SECRET', 'MICROSOFT_REDIRECT_URI'],
  {
    /** The multi-tenant app registration's Application (client) id. */
    MICROSOFT_CLIENT_ID: unsetIfEmpty(z.string().min(1)),
    /** One of the app registration's client secrets (its value, not its id). */
    MICROSOFT_CLIENT_SECRET: unsetIfEmpty(z.string().min(1)),
    /** The frontend's OAuth callback, registered on the app as a Web redirect URI. */
    MICROSOFT_REDIRECT_URI: unsetIfEmpty(z.url()),
    /** The identity platform's host (sovereign clouds, or the stand-in). https only: msal refuses http. */
    MICROSOFT_AUTHORITY_HOST: z.url({ protocol: /^https$/ }).default('https://login.microsoftonline.com'),
    /** Microsoft Graph (sovereign clouds, or the stand-in). https only: graph-client sends the bearer to https hosts only. */
    MICROSOFT_GRAPH_BASE_URL: z.url({ protocol: /^https$/ }).default('https://graph.microsoft.com'),
    /** A PEM file of extra certificate authorities to trust for both (a TLS-inspecting proxy, the stand-in). */
    MICROSOFT_CA_FILE: unsetIfEmpty(z.string().min(1)),
    MICROSOFT_TIMEOUT_MS: z.coerce.number().int().positive().default(30000),
    MICROSOFT_REQUESTS_PER_SECOND: z.coerce.number().min(0).default(10),
  },
);
