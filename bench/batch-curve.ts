import type { Standin } from './lib/standin';
import type { Db } from './lib/services';
import { benchEnv, startBenchApp } from './lib/services';
import { summarize, type Summary } from './lib/stats';
import { firstSync } from './sync-throughput';

/** First-sync throughput (members/s) for each batch size and write concurrency: the curve the defaults come from. */
export async function batchCurve(
  db: Db,
  notion: Standin,
  opts: { members: number; sizes: number[]; concurrency: number[]; runs: number },
): Promise<{ batch: number; concurrency: number; rate: Summary }[]> {
  const out: { batch: number; concurrency: number; rate: Summary }[] = [];
  for (const concurrency of opts.concurrency) {
    for (const batch of opts.sizes) {
      const app = await startBenchApp(
        benchEnv(db.uri, notion.url, { SYNC_BATCH_SIZE: String(batch), SYNC_WRITE_CONCURRENCY: String(concurrency) }),
      );
      const rates: number[] = [];
      for (let i = 0; i < opts.runs; i++) rates.push((await firstSync(app, notion, opts.members, `curve-b${batch}-c${concurrency}`)).rate);
      await app.close();
      out.push({ batch, concurrency, rate: summarize(rates) });
      process.stderr.write(`  curve: batch ${batch} × ${concurrency} writers: ${Math.round(out[out.length - 1].rate.median)} members/s\n`);
    }
  }
  return out;
}
