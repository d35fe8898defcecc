import { GraphQLError } from 'graphql';
import { AppError } from '../../src/lib/errors';
import { createLogger } from '../../src/lib/logger';
import { formatError } from '../../src/server';

describe('formatError', () => {
  const format = formatError(createLogger('silent'));

  it('maps a domain error thrown in a resolver to its code and reason, without a stack trace', () => {
    const err = new AppError('NOT_FOUND', 'CONNECTION_NOT_FOUND', 'No connection.');
    const wrapped = new GraphQLError(err.message, { originalError: err, path: ['connection'] });
    const out = format(
      { message: err.message, path: ['connection'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } },
      wrapped,
    );
    expect(out).toEqual({
      message: 'No connection.',
      path: ['connection'],
      extensions: { code: 'NOT_FOUND', reason: 'CONNECTION_NOT_FOUND' },
    });
  });

  it('keeps GraphQL client errors with their code, without a stack trace', () => {
    const err = new GraphQLError('Unknown field', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    const out = format({ message: err.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED', stacktrace: ['at x'] } }, err);
    expect(out).toEqual({ message: 'Unknown field', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  });

  it('masks anything else as INTERNAL, so no driver or Cypher text reaches a client', () => {
    const err = new GraphQLError('Neo4jError: Invalid input MATCH (n:Credential) RETURN n.accessToken');
    const out = format({ message: err.message, path: ['connections'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, err);
    expect(out).toEqual({
      message: 'Something went wrong on our side; the error was logged.',
      path: ['connections'],
      extensions: { code: 'INTERNAL' },
    });
  });
});
