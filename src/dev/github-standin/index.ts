export { startGitHubSandbox } from './server';
export type { Fault, GitHubSandbox, LoggedRequest, StartOptions } from './server';
export type { AppRegistration, InstallCallback, InstallRequest } from './install';
export type { GitHubInstallation, GitHubOrg, GitHubUser, MemberSeed, OrgSeed } from './state';
