export { startNotionSandbox } from './server';
export type { Capability, Fault, LoggedRequest, NotionSandbox, SandboxMember, SandboxWorkspace, StartOptions } from './server';
