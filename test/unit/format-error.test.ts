import { GraphQLError } from 'graphql';
import { AppError } from '../../src/lib/errors';
import { createLogger } from '../../src/lib/logger';
import { formatError } from '../../src/server';

describe('formatError', () => {
  const format = formatError(createLogger('silent'));

  it('keeps client errors with their code and reason, without a stack trace', () => {
    const err = new AppError('NOT_FOUND', 'CONNECTION_NOT_FOUND', 'No connection.');
    const out = format({ message: err.message, extensions: { ...err.extensions, stacktrace: ['at x'] } }, err);
    expect(out).toEqual({ message: 'No connection.', extensions: { code: 'NOT_FOUND', reason: 'CONNECTION_NOT_FOUND', http: undefined } });
  });

  it('masks anything else as INTERNAL, so no driver or Cypher text reaches a client', () => {
    const err = new GraphQLError('Neo4jError: Invalid input MATCH (n:Credential) RETURN n.accessToken');
    const out = format({ message: err.message, path: ['connections'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, err);
    expect(out).toEqual({ message: 'Something went wrong on our side; the error was logged.', path: ['connections'], extensions: { code: 'INTERNAL' } });
  });
});
