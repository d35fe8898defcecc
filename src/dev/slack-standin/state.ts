import { randomBytes } from 'node:crypto';
import { makeMember, type MemberSeed, type SlackMemberJson, slackbot } from './members';

/** A Slack workspace (team): its id (`T…`), name, domain and members in listing order. */
export interface SlackWorkspace {
  id: string;
  name: string;
  domain: string;
  /** True: the workspace kept Slack's placeholder icon (`image_default`). */
  defaultIcon: boolean;
  members: SlackMemberJson[];
}

export interface WorkspaceSeed {
  id?: string;
  name: string;
  domain: string;
  /** Generated members: `owner@domain` (the primary owner) first, then `member1@domain` … at `emailDomain`. */
  members?: number;
  /** Their addresses' domain; `${domain}.example.com` when unset. */
  emailDomain?: string;
  /** Members described by hand, after the generated ones. */
  extra?: MemberSeed[];
  defaultIcon?: boolean;
}

/** The installed app's own bot user: listed by users.list with `is_bot` (sheet §3). */
export const APP_BOT = { handle: 'layer', realName: 'Layer', bot: true } as const;

/** The workspaces half of the stand-in's memory. */
export class Workspaces {
  readonly all = new Map<string, SlackWorkspace>();

  /** Seeds a workspace with Slackbot and Layer's bot user; 50k generated members take well under a second. */
  seed(opts: WorkspaceSeed): SlackWorkspace {
    const id = opts.id ?? `T${randomBytes(5).toString('hex').toUpperCase()}`;
    const mail = opts.emailDomain ?? `${opts.domain}.example.com`;
    const members: SlackMemberJson[] = [slackbot(id), makeMember(id, APP_BOT, 1)];
    for (let i = 0; i < (opts.members ?? 0); i++) {
      const email = i === 0 ? `owner@${mail}` : `member${i}@${mail}`;
      members.push(
        makeMember(id, { email, realName: i === 0 ? 'Olive Owner' : `Member ${i}`, role: i === 0 ? 'primary_owner' : 'member' }, i + 2),
      );
    }
    for (const seed of opts.extra ?? []) members.push(makeMember(id, seed, members.length));
    const ws: SlackWorkspace = { id, name: opts.name, domain: opts.domain, defaultIcon: opts.defaultIcon ?? false, members };
    this.all.set(id, ws);
    return ws;
  }

  get(teamId: string): SlackWorkspace {
    const ws = this.all.get(teamId);
    if (!ws) throw new Error(`No stand-in workspace ${teamId}`);
    return ws;
  }

  /** A member by id or address. */
  index(teamId: string, key: string): number {
    const k = key.toLowerCase();
    const at = this.get(teamId).members.findIndex((m) => m.id === key || m.profile.email === k);
    if (at < 0) throw new Error(`No member ${key} in ${teamId}`);
    return at;
  }

  add(teamId: string, seed: MemberSeed): SlackMemberJson {
    const ws = this.get(teamId);
    const m = makeMember(teamId, seed, ws.members.length);
    ws.members.push(m);
    return m;
  }

  /** Changes a member in place (role flags, profile …) and bumps `updated`. */
  update(teamId: string, key: string, change: (m: SlackMemberJson) => void): SlackMemberJson {
    const ws = this.get(teamId);
    const at = this.index(teamId, key);
    const m = structuredClone(ws.members[at]);
    change(m);
    m.updated = Math.floor(Date.now() / 1000);
    ws.members[at] = m;
    return m;
  }

  /** Deactivates a member: still listed, `deleted: true`, role and 2FA keys gone (sheet §3). */
  deactivate(teamId: string, key: string): SlackMemberJson {
    const ws = this.get(teamId);
    const at = this.index(teamId, key);
    const m = ws.members[at];
    ws.members[at] = makeMember(
      teamId,
      { id: m.id, handle: String(m.name), email: (m.profile.email as string | undefined) ?? null, deleted: true, bot: m.is_bot === true },
      at,
    );
    return ws.members[at];
  }
}
