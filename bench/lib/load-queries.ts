/** The load test's mix (bench/load-test.ts), also PROFILEd one by one by bench/profile-load-queries.ts. */

/** What each of mixedQueries' bodies asks, in its order (for per-query figures). */
export const MIX_NAMES = [
  'users page + totalCount',
  'email search + totalCount',
  'one user',
  'apps',
  "a workspace's members + totalCount",
  'connections',
  'syncRuns',
  'membershipChanges',
];

/** The frontend's and an analyst's everyday queries, cycled by every client. */
export function mixedQueries(appId: string, connectionId: string) {
  return [
    { query: '{ users(first: 50) { totalCount edges { node { email name accounts { workspace { name } } } } pageInfo { endCursor } } }' },
    {
      query: 'query($e: String!) { users(first: 20, filter: { emailContains: $e }) { totalCount edges { node { email } } } }',
      variables: { e: 'person12' },
    },
    {
      query: 'query($e: String!) { user(email: $e) { email name accounts { firstSeen lastSeen workspace { name } } } }',
      variables: { e: 'person1500@load.example.com' },
    },
    { query: '{ apps(first: 10) { edges { node { name memberCount lastSuccessfulSyncAt } } } }' },
    {
      query: '{ workspaces(filter: { nameContains: "Team 0" }) { name members(first: 50) { totalCount edges { node { email name } } } } }',
    },
    { query: '{ connections { id status stale lastSync { status membersSeen } } }' },
    {
      query: 'query($id: ID!) { syncRuns(connectionId: $id, first: 10) { edges { node { status startedAt } } } }',
      variables: { id: connectionId },
    },
    {
      query:
        'query($id: ID!, $since: DateTimeISO!) { membershipChanges(appId: $id, since: $since, first: 20) { edges { node { kind email at } } } }',
      variables: { id: appId, since: '2020-01-01T00:00:00Z' },
    },
  ];
}
