import type { ManagedTransaction } from 'neo4j-driver';

/**
 * The Users that own some of these addresses as a directory alias, keyed by address: an app account whose email
 * is a person's alias joins that person's User, not a User of its own (ADR 0014). One index seek per address on
 * the (tenantId, address) constraint, inside the batch's transaction.
 */
export async function aliasOwners(tx: ManagedTransaction, tenantId: string, addresses: string[]): Promise<Map<string, string>> {
  const result = await tx.run(
    `UNWIND $addresses AS address
     MATCH (:EmailAlias {tenantId: $tenantId, address: address})<-[:HAS_ALIAS]-(u:User)
     RETURN address, u.email AS owner`,
    { tenantId, addresses },
  );
  return new Map(result.records.map((r) => [r.get('address') as string, r.get('owner') as string]));
}
