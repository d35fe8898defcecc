import { newError } from 'neo4j-driver-core';
import { mapDriverError } from '../../src/graph/graph';
import { AppError } from '../../src/lib/errors';

describe('mapDriverError', () => {
  it('maps an unreachable database and a saturated pool to UPSTREAM_UNAVAILABLE with their own reasons', () => {
    const away = mapDriverError(newError('Could not perform discovery', 'ServiceUnavailable'));
    const busy = mapDriverError(
      newError('Connection acquisition timed out in 1500 ms. Pool status: Active conn count = 70, Idle conn count = 1.', 'N/A'),
    );
    for (const [err, reason] of [
      [away, 'GRAPH_UNAVAILABLE'],
      [busy, 'GRAPH_BUSY'],
    ] as const) {
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', reason });
    }
  });

  it('leaves any other error as it is', () => {
    const syntax = newError('Invalid input', 'Neo.ClientError.Statement.SyntaxError');
    expect(mapDriverError(syntax)).toBe(syntax);
  });
});
