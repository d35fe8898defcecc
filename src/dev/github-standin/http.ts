import { type BaseReply, json } from '../standin-kit/http';

export type { Req } from '../standin-kit/http';
export { json };

/** What a handler answers; `org` is only for the request log and fault scopes. */
export interface Reply extends BaseReply {
  org?: string;
}

/** GitHub's REST error shape (sheet §5). */
export const restError = (status: number, message: string, headers?: Record<string, string>): Reply =>
  json(status, { message, documentation_url: 'https://docs.github.com/rest', status: String(status) }, headers);

/** A GraphQL answer with `errors[]` (HTTP 200, sheet §4). */
export const graphqlErrors = (
  errors: { type: string; message: string; path?: string[] }[],
  data: unknown = null,
  headers?: Record<string, string>,
): Reply => json(200, { data, errors: errors.map((e) => ({ ...e, locations: [{ line: 2, column: 3 }] })) }, headers);
