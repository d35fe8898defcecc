export { startNotionSandbox } from './server';
export type {
  Capability,
  Fault,
  LoggedRequest,
  NotionSandbox,
  RateLimitOptions,
  SandboxMember,
  SandboxStats,
  SandboxWorkspace,
  StartOptions,
} from './server';
