import type { App } from '../app';
import { type MemberSeed, type SlackSandbox, startSlackSandbox } from './slack-standin';

const APP = { clientId: '1111111111.2222222222', clientSecret: 'demo-slack-client-secret' };
/** Fixed, so a later start reconnects the same workspace (another one would be WORKSPACE_MISMATCH). */
const TEAM_ID = 'T0ACMECORP1';
const DOMAIN = 'acme-corp.example.com';
const PROVIDER = 'slack';

/** The demo's Slack story, by address: an owner who left the directory, a guest, a deactivated member. */
export const DEMO_SLACK_PEOPLE = {
  /** Deleted from the Google directory (DEMO_PEOPLE.leaver), still an owner of Slack. */
  ownerWhoLeft: `person9@${DOMAIN}`,
  /** Suspended in the directory, still a Slack admin without 2FA. */
  suspendedAdmin: `person5@${DOMAIN}`,
  guest: 'dana@contractors.example.org',
  deactivated: `person7@${DOMAIN}`,
};

/**
 * Acme Corp's Slack: the directory's admin as primary owner, Person 9 an owner though gone from the directory,
 * Person 5 an admin though suspended, Dana from the contractors a single-channel guest, Person 7 deactivated,
 * 40 members, a Slack Connect stranger (no address), Slackbot and Layer's bot.
 */
export async function startDemoSlack(port: number, host: string | undefined): Promise<SlackSandbox> {
  const slack = await startSlackSandbox({ ...APP, port, host });
  const role = (i: number): MemberSeed['role'] =>
    `person${i}@${DOMAIN}` === DEMO_SLACK_PEOPLE.ownerWhoLeft
      ? 'owner'
      : `person${i}@${DOMAIN}` === DEMO_SLACK_PEOPLE.suspendedAdmin
        ? 'admin'
        : 'member';
  const extra: MemberSeed[] = [
    { email: `admin@${DOMAIN}`, realName: 'Admin Istrator', role: 'primary_owner', has2fa: true },
    ...Array.from({ length: 40 }, (_, i) => ({
      email: `person${i}@${DOMAIN}`,
      realName: `Person ${i}`,
      role: role(i),
      ...(role(i) === 'member' ? {} : { has2fa: false }),
      deleted: `person${i}@${DOMAIN}` === DEMO_SLACK_PEOPLE.deactivated,
    })),
    { email: DEMO_SLACK_PEOPLE.guest, realName: 'Dana (Contractors)', role: 'single_channel_guest' },
    { realName: 'Kim (Partner Co, Slack Connect)', strangerTeamId: 'T0PARTNER01' },
  ];
  slack.seedWorkspace({ id: TEAM_ID, name: 'Acme Corp', domain: 'acme-corp', emailDomain: DOMAIN, extra });
  return slack;
}

/** The variables that point the service's Slack connector at the stand-in. */
export function demoSlackEnv(slack: SlackSandbox, port: number) {
  return {
    SLACK_CLIENT_ID: APP.clientId,
    SLACK_CLIENT_SECRET: APP.clientSecret,
    SLACK_REDIRECT_URI: `http://127.0.0.1:${port}/oauth/slack/callback`,
    SLACK_API_BASE_URL: slack.apiUrl,
    SLACK_AUTHORIZE_URL: `${slack.url}/oauth/v2/authorize`,
  };
}

/** Installs (or reinstalls) Layer into Acme Corp's Slack for the demo tenant, and syncs it. */
export async function connectDemoSlack(app: App, tenant: string, slack: SlackSandbox, redirectUri: string): Promise<void> {
  const existing = await app.services.connections.findByWorkspace(tenant, PROVIDER, TEAM_ID);
  const auth = existing
    ? await app.services.connectionService.reconnect(existing)
    : await app.services.connectionService.connect(tenant, PROVIDER);
  const code = slack.authorize({ teamId: TEAM_ID, redirectUri });
  await app.services.connectionService.complete(tenant, code, auth.state);
  await app.sync.idle();
}
