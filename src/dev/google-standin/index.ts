export { startGoogleSandbox } from './server';
export type {
  Consent,
  Fault,
  GoogleDomain,
  GoogleSandbox,
  GoogleUser,
  LoggedRequest,
  RateLimitOptions,
  SandboxCustomer,
  SandboxStats,
  SeedOptions,
  StartOptions,
  UserSeed,
} from './server';
