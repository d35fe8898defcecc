import { registerEnumType } from 'type-graphql';

/** The API's names of the contract's AccountRole (ADR 0019). */
export enum AccountRole {
  OWNER = 'OWNER',
  ADMIN = 'ADMIN',
  MEMBER = 'MEMBER',
  GUEST = 'GUEST',
  UNKNOWN = 'UNKNOWN',
}

registerEnumType(AccountRole, {
  name: 'AccountRole',
  description: 'What an account may do in its app, as the source says.',
  valuesConfig: {
    OWNER: { description: 'Owns the app (Slack owners and primary owner).' },
    ADMIN: { description: 'Administers the app (Slack admins, GitHub organisation owners, directory administrators).' },
    MEMBER: { description: 'A full member without administrative rights.' },
    GUEST: { description: 'A guest or outside collaborator (Slack guests, GitHub outside collaborators, directory guests).' },
    UNKNOWN: { description: 'The source does not say (Notion).' },
  },
});

/** The API's names of the contract's UnmanagedReason (ADR 0019). */
export enum UnmanagedReason {
  NO_EMAIL = 'NO_EMAIL',
  EMAIL_HIDDEN = 'EMAIL_HIDDEN',
}

registerEnumType(UnmanagedReason, {
  name: 'UnmanagedReason',
  description: 'Why an account is joined to no person.',
  valuesConfig: {
    NO_EMAIL: { description: 'The source gave no address (a Slack Connect stranger).' },
    EMAIL_HIDDEN: { description: "The source hides the address (a GitHub member without one on the organisation's verified domains)." },
  },
});
