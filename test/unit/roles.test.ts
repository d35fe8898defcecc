import { rolesOf } from '../../src/graphql/roles';

describe('rolesOf', () => {
  it('reads a string or an array of strings from the configured claim; admin includes viewer', () => {
    expect(rolesOf({ roles: 'admin' }, 'roles', 'viewer')).toEqual(['admin', 'viewer']);
    expect(rolesOf({ roles: ['viewer'] }, 'roles', 'admin')).toEqual(['viewer']);
    expect(rolesOf({ roles: ['Viewer', ' ADMIN '] }, 'roles', 'viewer')).toEqual(['admin', 'viewer']);
  });

  it('falls back to the default role only when the claim is absent', () => {
    expect(rolesOf({}, 'roles', 'admin')).toEqual(['admin', 'viewer']);
    expect(rolesOf({ roles: null }, 'roles', 'viewer')).toEqual(['viewer']);
    // A claim with no role of ours never gets the (possibly admin) default.
    expect(rolesOf({ roles: ['billing'] }, 'roles', 'admin')).toEqual(['viewer']);
    expect(rolesOf({ roles: [] }, 'roles', 'admin')).toEqual(['viewer']);
    expect(rolesOf({ roles: { admin: true } }, 'roles', 'admin')).toEqual(['viewer']);
  });

  it("finds namespaced claims (Auth0's URLs, Cognito's groups) and nested paths (Keycloak's realm_access.roles)", () => {
    expect(rolesOf({ 'https://layer.example/roles': ['admin'] }, 'https://layer.example/roles', 'viewer')).toEqual(['admin', 'viewer']);
    expect(rolesOf({ 'cognito:groups': ['admin'] }, 'cognito:groups', 'viewer')).toEqual(['admin', 'viewer']);
    expect(rolesOf({ realm_access: { roles: ['admin'] } }, 'realm_access.roles', 'viewer')).toEqual(['admin', 'viewer']);
  });
});
