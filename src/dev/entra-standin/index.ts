export { startEntraSandbox } from './server';
export type {
  Consent,
  EntraSandbox,
  EntraTenant,
  EntraUser,
  EntraUserSeed,
  Fault,
  LoggedRequest,
  StartOptions,
  TenantSeed,
} from './server';
