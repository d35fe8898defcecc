import 'reflect-metadata';
import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import type { App } from '../src/app';
import { SYNC_CONCURRENCY } from '../src/core';
import { checkQuery, measure, ourTarget, queries, seedApiData, startNeo4jGraphql } from './api';
import { baselineSync } from './baseline';
import { compareUncached } from './compare-builds';
import { manyTenants } from './tenants';
import { batchCurve } from './batch-curve';
import { countWrites } from './lib/counters';
import { benchEnv, startBenchApp, startDb } from './lib/services';
import { memoryGrowth } from './memory';
import { startStandinProcess } from './lib/standin';
import { summarize } from './lib/stats';
import { renderTable, type ResultRow } from './lib/table';
import { resync } from './resync';
import { schedulerFirings } from './scheduler';
import { throttledSync } from './throttled';
import { firstSync } from './sync-throughput';
import { slackBoundSync } from './slack-sync';
import { githubBoundSync } from './github-sync';
import { googleBenchEnv, googleFirstSync } from './google-sync';
import { startGoogleStandinProcess } from './lib/google-standin';
import { entraBenchEnv, startEntraStandinProcess } from './lib/entra-standin';
import { entraDeltaResync, entraFirstSync } from './entra-directory';

/**
 * Issue 5's figures in one run on one machine: `npm run bench` (full, ~15–20 min) or `npm run bench -- --quick`
 * (small sizes, one run each, under a minute; CI's smoke run). Prints one table: median (min–max, runs),
 * target, pass/fall-short. `--out FILE` also writes the report there. Never fails on a missed target.
 */
const quick = process.argv.includes('--quick');
const argOf = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : null);
const outFile = argOf('--out');
/** `--only 1,6`: just those figures (1, 2 and 4 share the first syncs; 2 and 4 need 1). */
const only = argOf('--only')?.split(',') ?? null;
/** `--base DIR`: figure 6 compares this build with the one in DIR (a worktree with its own npm ci), cache off. */
const baseRoot = argOf('--base');
/** `--role api`: with `--base`, both servers run with this SYNC_ROLE (a build before ADR 0012 ignores it); default all. */
const role = argOf('--role') ?? 'all';
const want = (...figures: string[]) => !only || figures.some((f) => only.includes(f));
const R = quick ? 1 : 3;
const cfg = quick
  ? {
      warm: [] as number[],
      sizes: [2_000, 5_000],
      resyncSize: 5_000,
      memSize: 5_000,
      baseline: 200,
      throttled: 600,
      googleUsers: 5_000,
      entraUsers: 5_000,
      apiUsers: 1_500,
      apiSeconds: 1,
      schedWs: 5,
      schedMembers: 100,
      curve: null,
      tenants: { tenants: 4, members: 500, syncing: 2, clients: 16, seconds: 3 },
      slack: { members: 2_000, perMinute: 60, burst: 2 },
      github: { members: 1_000, collaborators: 5, perMinute: 60, burst: 2 },
    }
  : {
      warm: [50_000, 50_000],
      sizes: [10_000, 50_000, 100_000],
      resyncSize: 50_000,
      memSize: 100_000,
      baseline: 10_000,
      throttled: 10_000,
      googleUsers: 50_000,
      entraUsers: 50_000,
      apiUsers: 100_000,
      apiSeconds: 20,
      schedWs: 1_000,
      schedMembers: 100,
      curve: { members: 50_000, sizes: [250, 500, 1000, 2000, 5000], concurrency: [1, 2] },
      tenants: { tenants: 20, members: 5_000, syncing: 4, clients: 16, seconds: 20 },
      slack: { members: 50_000, perMinute: 60, burst: 20 },
      github: { members: 10_000, collaborators: 50, perMinute: 60, burst: 10 },
    };

const log = (s: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}\n`);
const k = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));
const ratios = (a: number[], b: number[]) => a.map((x, i) => x / b[Math.min(i, b.length - 1)]);

/**
 * Figure 10 (issue 20): a first sync of an Entra directory beside a Notion workspace of the same size, each run
 * right after the other (≥ 0.8×); then a delta re-sync of the unchanged directory (≤ 2 requests to Graph, ≤ 2 s),
 * which is also figure 4 for Entra (writes nothing).
 */
async function figure10(
  app: App,
  notion: Awaited<ReturnType<typeof startStandinProcess>>,
  entra: Awaited<ReturnType<typeof startEntraStandinProcess>>,
  counters: ReturnType<typeof countWrites>,
): Promise<ResultRow[]> {
  const n = cfg.entraUsers;
  const e: number[] = [];
  const nt: number[] = [];
  const deltas: Awaited<ReturnType<typeof entraDeltaResync>>[] = [];
  for (let r = 0; r < R; r++) {
    await settle(app);
    const theirs = await firstSync(app, notion, n, `f10-notion-r${r}`);
    nt.push(theirs.rate);
    await settle(app);
    const res = await entraFirstSync(app, entra, n, `f10-entra-r${r}`);
    e.push(res.rate);
    log(`figure 10, ${k(n)}: Notion ${Math.round(theirs.rate)}/s, Entra ${Math.round(res.rate)}/s`);
    const delta = await entraDeltaResync(app, entra, res.connection, counters);
    deltas.push(delta);
    log(`  Entra delta re-sync: ${delta.seconds.toFixed(2)} s, ${delta.graphRequests} Graph requests, ${delta.accountsWritten} written`);
  }
  const ratio = summarize(ratios(e, nt));
  const secs = summarize(deltas.map((d) => d.seconds));
  const reqs = summarize(deltas.map((d) => d.graphRequests));
  const writes = summarize(deltas.map((d) => d.accountsWritten + d.memberProperties));
  return [
    {
      figure: '10',
      metric: `first sync, ${k(n)}-user Entra directory, unthrottled`,
      value: summarize(e),
      unit: 'members/s',
      target: '–',
      pass: null,
    },
    {
      figure: '10',
      metric: `Entra ÷ Notion first sync, ${k(n)}, same run`,
      value: ratio,
      unit: '×',
      target: '≥ 0.8',
      pass: ratio.median >= 0.8,
    },
    {
      figure: '10',
      metric: `delta re-sync of the unchanged ${k(n)} directory`,
      value: secs,
      unit: 's',
      target: '≤ 2 s',
      pass: secs.max <= 2,
    },
    { figure: '10', metric: 'requests to Graph by that delta re-sync', value: reqs, unit: '', target: '≤ 2', pass: reqs.max <= 2 },
    {
      figure: '4',
      metric: `Entra: accounts written + member properties set by that delta re-sync`,
      value: writes,
      unit: '',
      target: '= 0',
      pass: writes.max === 0,
    },
  ];
}

async function main() {
  const started = Date.now();
  const rows: ResultRow[] = [];
  const db = await startDb();
  const notion = await startStandinProcess();
  const google = want('4', '8', '10') ? await startGoogleStandinProcess() : null;
  const entra = want('10') ? await startEntraStandinProcess() : null;
  const env = benchEnv(db.uri, notion.url, {
    ...(google ? googleBenchEnv(google.url) : {}),
    ...(entra ? entraBenchEnv(entra) : {}),
  });
  const app = await startBenchApp(env);
  const counters = countWrites(app.graph);
  const extra: string[] = [];
  try {
    // Neo4j's JIT (C2) needs ~20 s of load to reach steady state: untimed first syncs come first.
    for (const [i, n] of (want('1', '2', '4') || (want('6') && !baseRoot) ? cfg.warm : []).entries()) {
      log(`warm-up ${i + 1}/${cfg.warm.length}: an untimed first sync of ${k(n)} (JIT of Neo4j and Node)`);
      await firstSync(app, notion, n, `warm${i}`);
    }

    // Figures 1 and 4: first syncs by size, and a re-sync of the workspace of the re-sync size.
    const rates = new Map<number, number[]>(cfg.sizes.map((n) => [n, []]));
    const firstOfResync: number[] = [];
    const resyncs: { seconds: number; accountsWritten: number; memberProperties: number; bookkeeping: Map<string, number> }[] = [];
    const rssGrowth: number[] = [];
    for (let r = 0; r < (want('1', '2', '4') ? R : 0); r++) {
      for (const n of cfg.sizes) {
        const res = await firstSync(app, notion, n, `sync-r${r}`);
        rates.get(n)!.push(res.rate);
        log(`first sync ${k(n)}: ${res.seconds.toFixed(2)} s, ${Math.round(res.rate)} members/s`);
        if (n === cfg.resyncSize) {
          firstOfResync.push(res.seconds);
          const again = await resync(app, res.connection, counters);
          resyncs.push(again);
          log(
            `re-sync ${k(n)}: ${again.seconds.toFixed(2)} s, ${again.accountsWritten} accounts written, ${again.memberProperties} member properties set`,
          );
        }
      }
    }
    for (const n of want('1', '2', '4') ? cfg.sizes : []) {
      rows.push({
        figure: '1',
        metric: `first sync, ${k(n)} members, unthrottled`,
        value: summarize(rates.get(n)!),
        unit: 'members/s',
        target: '≥ 10,000',
        pass: summarize(rates.get(n)!).median >= 10_000,
      });
    }

    if (want('1', '2')) {
      log(`baseline: ${k(cfg.baseline)} members, one MERGE transaction each`);
      const base: number[] = [];
      for (let r = 0; r < R; r++) base.push((await baselineSync(app.graph, notion, cfg.baseline)).rate);
      const ours = rates.get(cfg.sizes[0])!;
      rows.push({
        figure: '2',
        metric: `baseline: ${k(cfg.baseline)} members, one MERGE transaction per member`,
        value: summarize(base),
        unit: 'members/s',
        target: '–',
        pass: null,
      });
      const speedup = summarize(ratios(ours, base));
      rows.push({
        figure: '2',
        metric: `ours (first sync ${k(cfg.sizes[0])}) ÷ baseline`,
        value: speedup,
        unit: '×',
        target: '≥ 10×',
        pass: speedup.median >= 10,
      });
    }

    if (want('1', '4')) {
      const resyncS = summarize(resyncs.map((x) => x.seconds));
      rows.push({
        figure: '4',
        metric: `re-sync of an unchanged ${k(cfg.resyncSize)} workspace`,
        value: resyncS,
        unit: 's',
        target: '–',
        pass: null,
      });
      const resyncSpeed = summarize(
        ratios(
          firstOfResync,
          resyncs.map((x) => x.seconds),
        ),
      );
      rows.push({
        figure: '4',
        metric: 'first sync ÷ re-sync (same workspace)',
        value: resyncSpeed,
        unit: '×',
        target: '≥ 2×',
        pass: resyncSpeed.median >= 2,
      });
      const props = summarize(resyncs.map((x) => x.memberProperties));
      rows.push({
        figure: '4',
        metric: 'member properties set by the re-sync (accounts, users)',
        value: props,
        unit: '',
        target: '= 0',
        pass: props.max === 0,
      });
      const written = summarize(resyncs.map((x) => x.accountsWritten));
      rows.push({
        figure: '4',
        metric: 'accounts written by the re-sync (run record)',
        value: written,
        unit: '',
        target: '= 0',
        pass: written.max === 0,
      });
      const last = resyncs[resyncs.length - 1];
      extra.push(
        'Re-sync bookkeeping writes (properties set, last run; none on accounts or users):',
        ...[...last.bookkeeping].map(([q, n]) => `- ${n}: \`${q.replace(/\s+/g, ' ')}\``),
      );
    }

    if (want('5')) {
      log(`memory: first sync of ${k(cfg.memSize)} in a fresh server process`);
      for (let r = 0; r < R; r++) {
        const m = await memoryGrowth(db.uri, notion, cfg.memSize);
        rssGrowth.push(m.growthMb);
        log(`  RSS ${m.baselineMb.toFixed(0)} MB → peak ${m.peakMb.toFixed(0)} MB (+${m.growthMb.toFixed(0)} MB)`);
      }
      const rss = summarize(rssGrowth);
      rows.push({
        figure: '5',
        metric: `peak RSS growth of the server, first sync of ${k(cfg.memSize)}`,
        value: rss,
        unit: 'MB',
        target: '≤ 150 MB',
        note: 'fresh process',
        pass: rss.median <= 150,
      });
    }

    if (want('1')) {
      if (cfg.curve) {
        log('batch-size curve');
        const curve = await batchCurve(db, notion, { ...cfg.curve, runs: 1 });
        extra.push(
          '',
          `Batch-size curve (first sync of ${k(cfg.curve.members)}, members/s, one run each):`,
          '',
          '| batch | 1 writer | 2 writers |',
          '| ---: | ---: | ---: |',
        );
        for (const size of cfg.curve.sizes) {
          const c = (w: number) => Math.round(curve.find((x) => x.batch === size && x.concurrency === w)?.rate.median ?? NaN);
          extra.push(`| ${size} | ${c(1)} | ${c(2)} |`);
        }
      }
    }

    if (want('3')) {
      log(`throttled: ${k(cfg.throttled)} members, Notion at 3 requests/s`);
      const th = await throttledSync(db, cfg.throttled, R);
      const thS = summarize(th.runs.map((x) => x.seconds));
      rows.push({
        figure: '3',
        metric: `throttled first sync, ${k(cfg.throttled)} members, 3 req/s`,
        value: thS,
        unit: 's',
        target: `≤ ${(1.05 * th.bound).toFixed(1)} s (1.05 × ${th.bound.toFixed(1)})`,
        pass: thS.median <= 1.05 * th.bound,
      });
      const th429 = summarize(th.runs.map((x) => x.rateLimited));
      rows.push({
        figure: '3',
        metric: '429 rate_limited answers during it',
        value: th429,
        unit: '',
        target: '≈ 0',
        pass: th429.median === 0,
      });
    }

    if (want('6') && baseRoot) {
      log(`API: ${k(cfg.apiUsers)} users over 3 workspaces; uncached, this build (SYNC_ROLE=${role}) against ${baseRoot}`);
      const seeded = await seedApiData(app, notion, cfg.apiUsers);
      rows.push(
        ...(await compareUncached(db.uri, notion.url, seeded, baseRoot, {
          seconds: cfg.apiSeconds,
          runs: R,
          settle: () => settle(app),
          log,
          role,
        })),
      );
    } else if (want('6')) {
      log(`API: ${k(cfg.apiUsers)} users over 3 workspaces`);
      const seeded = await seedApiData(app, notion, cfg.apiUsers);
      const neo = await startNeo4jGraphql(db.uri);
      // The same server with the response cache off (ADR 0009): what a query costs when it is executed.
      const uncachedEnv = benchEnv(db.uri, notion.url, { API_RESPONSE_CACHE_SECONDS: '0' });
      const uncached = await startBenchApp(uncachedEnv);
      try {
        const q = queries(seeded.tenantId, seeded.workspaceName);
        const oursT = await ourTarget(app, env, seeded.tenantId);
        const offT = await ourTarget(uncached, uncachedEnv, seeded.tenantId);
        for (const which of ['users', 'members'] as const) {
          await checkQuery(oursT.url, oursT.headers, q.ours[which]);
          await checkQuery(offT.url, offT.headers, q.ours[which]);
          await checkQuery(neo.url, {}, q.theirs[which]);
          const o: number[] = [],
            t: number[] = [],
            f: number[] = [],
            op99: number[] = [],
            tp99: number[] = [],
            fp99: number[] = [];
          for (let r = 0; r < R; r++) {
            const a = await measure(oursT.url, oursT.headers, q.ours[which], cfg.apiSeconds);
            await settle(app);
            const c = await measure(offT.url, offT.headers, q.ours[which], cfg.apiSeconds);
            await settle(app);
            const b = await measure(neo.url, {}, q.theirs[which], cfg.apiSeconds);
            // Their slowest queries outlive the load generator's connections; the next measurement must not share Neo4j with them.
            await settle(app);
            if (a.non2xx || a.errors || b.non2xx || b.errors || c.non2xx || c.errors) {
              log(`  non-2xx/errors: ours ${a.non2xx}/${a.errors}, theirs ${b.non2xx}/${b.errors}, ours uncached ${c.non2xx}/${c.errors}`);
            }
            o.push(a.rps);
            t.push(b.rps);
            f.push(c.rps);
            op99.push(a.p99);
            tp99.push(b.p99);
            fp99.push(c.p99);
            log(
              `  ${which}: ours ${Math.round(a.rps)} req/s p99 ${a.p99} ms; @neo4j/graphql ${Math.round(b.rps)} req/s p99 ${b.p99} ms; ours uncached ${Math.round(c.rps)} req/s p99 ${c.p99} ms`,
            );
          }
          const label = which === 'users' ? 'users(first: 50) with accounts and workspaces' : 'workspace.members(first: 50)';
          rows.push({ figure: '6', metric: `${label}: ours`, value: summarize(o), unit: 'req/s', target: '–', pass: null });
          rows.push({ figure: '6', metric: `${label}: @neo4j/graphql`, value: summarize(t), unit: 'req/s', target: '–', pass: null });
          const ratio = summarize(ratios(o, t));
          rows.push({
            figure: '6',
            metric: `${label}: ours ÷ @neo4j/graphql`,
            value: ratio,
            unit: '×',
            target: '≥ 1.0×',
            pass: ratio.median >= 1,
          });
          rows.push({
            figure: '6',
            metric: `${label}: our p99`,
            value: summarize(op99),
            unit: 'ms',
            target: '≤ 50 ms',
            pass: summarize(op99).median <= 50,
          });
          rows.push({ figure: '6', metric: `${label}: @neo4j/graphql p99`, value: summarize(tp99), unit: 'ms', target: '–', pass: null });
          rows.push({
            figure: '6',
            metric: `${label}: ours, response cache off`,
            value: summarize(f),
            unit: 'req/s',
            target: 'info',
            pass: null,
          });
          rows.push({
            figure: '6',
            metric: `${label}: ours, response cache off ÷ @neo4j/graphql`,
            value: summarize(ratios(f, t)),
            unit: '×',
            target: 'info',
            pass: null,
          });
          rows.push({
            figure: '6',
            metric: `${label}: our p99, response cache off`,
            value: summarize(fp99),
            unit: 'ms',
            target: 'info',
            pass: null,
          });
        }
      } finally {
        await uncached.close();
        await neo.close();
      }
    }

    if (want('9')) {
      const f9 = await manyTenants(db, cfg.tenants, log);
      const phase = (name: string, r: typeof f9.idle) => [
        { figure: '9', metric: `${name}: throughput`, value: summarize([r.rps]), unit: 'req/s', target: '–', pass: null },
        { figure: '9', metric: `${name}: p50`, value: summarize([r.p50]), unit: 'ms', target: '–', pass: null },
        { figure: '9', metric: `${name}: p99`, value: summarize([r.p99]), unit: 'ms', target: '–', pass: null },
        { figure: '9', metric: `${name}: response-cache hits`, value: summarize([100 * r.hitRate]), unit: '%', target: '–', pass: null },
        {
          figure: '9',
          metric: `${name}: requests with errors`,
          value: summarize([r.errors + r.non2xx + r.graphqlErrors]),
          unit: '',
          target: '= 0',
          pass: r.errors + r.non2xx + r.graphqlErrors === 0,
        },
      ];
      rows.push(...phase('(a) idle', f9.idle), ...phase(`(b) while ${cfg.tenants.syncing} tenants sync`, f9.syncing));
      rows.push({
        figure: '9',
        metric: '(b) p99 ÷ (a) p99',
        value: summarize([f9.syncing.p99 / f9.idle.p99]),
        unit: '×',
        target: '≤ 1.5×',
        pass: f9.syncing.p99 <= 1.5 * f9.idle.p99,
      });
      rows.push({
        figure: '9',
        metric: '(b) throughput ÷ (a) throughput',
        value: summarize([f9.syncing.rps / f9.idle.rps]),
        unit: '×',
        target: '≥ 0.8×',
        pass: f9.syncing.rps >= 0.8 * f9.idle.rps,
      });
      rows.push({
        figure: '9',
        metric: 'repeated reads of tenants not syncing, during (b): hits',
        value: summarize([100 * f9.repeatedWhileSyncing.hitRate]),
        unit: '%',
        target: '≥ 95 %',
        pass: f9.repeatedWhileSyncing.hitRate >= 0.95,
      });
      rows.push({
        figure: '9',
        metric: 'paced syncs finished during (b)',
        value: summarize([f9.syncsFinished]),
        unit: '',
        target: 'info',
        pass: null,
      });
    }

    if (want('7')) {
      log(`scheduler: ${cfg.schedWs} workspaces × ${cfg.schedMembers} members, one cron firing`);
      const fired = await schedulerFirings(db, cfg.schedWs, cfg.schedMembers, R);
      // Per workspace: /v1/users/me and one page of users; the pacer lets the first go at once and the next 1/3 s later.
      const requests = 1 + Math.ceil(cfg.schedMembers / 100);
      const bound = (cfg.schedWs * ((requests - 1) / 3)) / SYNC_CONCURRENCY;
      rows.push({
        figure: '7',
        metric: `one firing, ${k(cfg.schedWs)} workspaces × ${cfg.schedMembers}: wall time`,
        value: summarize(fired.map((f) => f.seconds)),
        unit: 's',
        target: `info (pacing bound ≈ ${bound.toFixed(bound < 10 ? 1 : 0)} s)`,
        pass: null,
      });
      const ok = summarize(fired.map((f) => f.succeeded));
      rows.push({ figure: '7', metric: 'runs succeeded', value: ok, unit: '', target: `= ${cfg.schedWs}`, pass: ok.min === cfg.schedWs });
      const peak = summarize(fired.map((f) => f.peakInFlight));
      rows.push({
        figure: '7',
        metric: 'peak concurrent Notion requests',
        value: peak,
        unit: '',
        target: `≤ ${SYNC_CONCURRENCY} (SYNC_CONCURRENCY)`,
        pass: peak.max <= SYNC_CONCURRENCY,
      });
      const s429 = summarize(fired.map((f) => f.rateLimited));
      rows.push({ figure: '7', metric: '429 rate_limited answers', value: s429, unit: '', target: '= 0', pass: s429.max === 0 });
    }
    // Figure 8: first sync of a directory through the Google connector, unthrottled, beside figure 1 (and its re-sync, figure 4).
    if (google) {
      const n = cfg.googleUsers;
      const g: number[] = [];
      const again: Awaited<ReturnType<typeof resync>>[] = [];
      for (let r = 0; r < R; r++) {
        await settle(app);
        const res = await googleFirstSync(app, google, n, `google-r${r}`);
        g.push(res.rate);
        log(`Google first sync ${k(n)}: ${res.seconds.toFixed(2)} s, ${Math.round(res.rate)} members/s`);
        // Figure 4 for a directory too (issue 20): the core's digest leaves the unchanged directory unwritten.
        if (want('4', '10')) again.push(await resync(app, res.connection, counters));
      }
      if (again.length > 0) {
        const gw = summarize(again.map((x) => x.accountsWritten + x.memberProperties));
        rows.push({
          figure: '4',
          metric: `Google: accounts written + member properties set by a re-sync of an unchanged ${k(n)} directory`,
          value: gw,
          unit: '',
          target: '= 0',
          pass: gw.max === 0,
        });
        rows.push({
          figure: '4',
          metric: `Google: re-sync of an unchanged ${k(n)} directory`,
          value: summarize(again.map((x) => x.seconds)),
          unit: 's',
          target: '–',
          pass: null,
        });
      }
      rows.push({
        figure: '8',
        metric: `first sync, ${k(n)}-user Google directory, unthrottled`,
        value: summarize(g),
        unit: 'members/s',
        target: 'info (≈ figure 1)',
        pass: null,
      });
      const notionSame = rates.get(n);
      if (notionSame?.length)
        rows.push({
          figure: '8',
          metric: `Google ÷ Notion first sync, ${k(n)}`,
          value: summarize(ratios(g, notionSame)),
          unit: '×',
          target: 'info',
          pass: null,
        });
    }
    // Figure 11 (issue 21): Slack's first sync against its rate limit, one run (the bound is minutes long).
    if (want('11')) {
      const { members, perMinute, burst } = cfg.slack;
      log(`Slack: first sync of ${k(members)} members, users.list at ${perMinute}/min after a burst of ${burst}`);
      await settle(app);
      const sl = await slackBoundSync(db, notion.url, members, perMinute, burst);
      log(`Slack ${k(members)}: ${sl.seconds.toFixed(1)} s, bound ${sl.bound.toFixed(1)} s, ${sl.pages} pages, ${sl.rateLimited} 429s`);
      rows.push({
        figure: '11',
        metric: `Slack first sync, ${k(members)} members, users.list ${perMinute}/min (burst ${burst})`,
        value: summarize([sl.seconds]),
        unit: 's',
        target: `≤ ${(1.05 * sl.bound).toFixed(1)} s (1.05 × ${sl.bound.toFixed(1)})`,
        pass: sl.seconds <= 1.05 * sl.bound,
      });
      rows.push({
        figure: '11',
        metric: 'Slack: ÷ its rate-limit bound',
        value: summarize([sl.seconds / sl.bound]),
        unit: '×',
        target: '≤ 1.05',
        pass: sl.seconds / sl.bound <= 1.05,
      });
      const gh = cfg.github;
      log(`GitHub: first sync of a ${k(gh.members)}-member org, ${gh.perMinute}/min after a burst of ${gh.burst}`);
      await settle(app);
      const g = await githubBoundSync(db, notion.url, gh.members, gh.collaborators, gh.perMinute, gh.burst);
      log(
        `GitHub ${k(gh.members)}: ${g.seconds.toFixed(1)} s, bound ${g.bound.toFixed(1)} s, ${g.requests} requests, ${g.rateLimited} limited`,
      );
      rows.push({
        figure: '11',
        metric: `GitHub first sync, ${k(gh.members)} members + ${gh.collaborators} collaborators, ${gh.perMinute}/min (burst ${gh.burst})`,
        value: summarize([g.seconds]),
        unit: 's',
        target: `≤ ${(1.05 * g.bound).toFixed(1)} s (1.05 × ${g.bound.toFixed(1)})`,
        pass: g.seconds <= 1.05 * g.bound,
      });
      rows.push({
        figure: '11',
        metric: 'GitHub: ÷ its rate-limit bound',
        value: summarize([g.seconds / g.bound]),
        unit: '×',
        target: '≤ 1.05',
        pass: g.seconds / g.bound <= 1.05,
      });
    }
    if (entra) rows.push(...(await figure10(app, notion, entra, counters)));
  } finally {
    await app.close();
    await notion.close();
    await google?.close();
    await entra?.close();
    await db.stop();
  }
  // Figure 8 (the Google directory's first sync) prints right after figure 1, its Notion counterpart.
  const order = (f: string) => (f === '8' ? 1.5 : Number(f));
  rows.sort((a, b) => order(a.figure) - order(b.figure));
  const header = [
    `${quick ? 'Quick smoke run (small sizes, 1 run each; not the figures of issue 5)' : 'Full run'}: ${new Date().toISOString()}, ${Math.round((Date.now() - started) / 1000)} s`,
    `Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${javaVersion()}`,
    `Command: npm run bench${quick ? ' -- --quick' : ''}`,
  ];
  const report = [...header, '', renderTable(rows, quick), '', ...extra, ''].join('\n');
  process.stdout.write(report);
  if (outFile) writeFileSync(outFile, report);
}

/** Waits (up to a minute) until Neo4j runs no transaction but the one asking, so one measurement's leftovers do not slow the next. */
async function settle(app: App): Promise<void> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    const [row] = await app.graph.read<{ n: number }>('SHOW TRANSACTIONS YIELD transactionId RETURN count(*) AS n');
    if (row.n <= 1) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  log('  Neo4j still busy after 60 s; measuring anyway');
}

function javaVersion(): string {
  try {
    return execSync('java -version 2>&1', { encoding: 'utf8' }).split('\n')[0];
  } catch {
    return 'java ?';
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
