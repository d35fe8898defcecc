export { startSlackSandbox } from './server';
export type {
  Fault,
  Install,
  LoggedRequest,
  MemberSeed,
  SlackAppConfig,
  SlackMemberJson,
  SlackSandbox,
  SlackWorkspace,
  StartOptions,
  WorkspaceSeed,
} from './server';
