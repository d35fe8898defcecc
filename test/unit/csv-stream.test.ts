import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { pumpCsv } from '../../src/export/csv-stream';

const columns = [
  { key: 'n', header: 'n' },
  { key: 'text', header: 'text' },
] as const;

/** A consumer that takes one chunk at a time and slowly, like a client on a slow link. */
function slowClient() {
  const received: string[] = [];
  const out = new Writable({
    highWaterMark: 1024,
    write(chunk, _enc, done) {
      received.push(String(chunk));
      setImmediate(done);
    },
  });
  return { out, received };
}

describe('pumpCsv: streaming with backpressure', () => {
  it('asks for the next page only while the client keeps up, so memory holds about a page whatever the size', async () => {
    const { out, received } = slowClient();
    const PAGES = 40;
    let pagesRead = 0;
    let maxAhead = 0;
    async function* pages() {
      for (let p = 0; p < PAGES; p++) {
        pagesRead++;
        // Bytes produced so far against bytes the client took: a pump that buffered would run far ahead.
        const taken = received.join('').length;
        maxAhead = Math.max(maxAhead, p * 200 * 60 - taken);
        yield Array.from({ length: 200 }, (_, i) => ({ n: p * 200 + i, text: 'x'.repeat(50) }));
      }
    }
    const rows = await pumpCsv(pages(), columns, out);
    expect(rows).toBe(PAGES * 200);
    expect(pagesRead).toBe(PAGES);
    const lines = received.join('').trim().split('\r\n');
    expect(lines).toHaveLength(PAGES * 200 + 1);
    // What was produced beyond what the client had taken stays a few pages (~12 KB each) of stream buffers,
    // however long the export: a pump that read every page first would be the whole 480 KB ahead.
    expect(maxAhead).toBeLessThan(5 * 200 * 60);
  });

  it('stops reading pages once the client is gone', async () => {
    const { out } = slowClient();
    let pagesRead = 0;
    async function* pages() {
      for (let p = 0; p < 1000; p++) {
        pagesRead++;
        if (p === 3) out.destroy();
        yield Array.from({ length: 100 }, (_, i) => ({ n: i, text: 'y'.repeat(40) }));
        await sleep(0);
      }
    }
    await pumpCsv(pages(), columns, out);
    expect(pagesRead).toBeLessThan(10);
  });

  it('quotes per RFC 4180 and defuses formulas', async () => {
    const chunks: string[] = [];
    const out = new Writable({
      write(chunk, _enc, done) {
        chunks.push(String(chunk));
        done();
      },
    });
    async function* pages() {
      yield [
        { n: 1, text: '=SUM(A1:A2)' },
        { n: 2, text: 'a,"b"\nc' },
        { n: 3, text: '-2+3' },
        { n: 4, text: '@cmd' },
        { n: 5, text: '+x' },
        { n: 6, text: 'plain' },
      ];
    }
    await pumpCsv(pages(), columns, out);
    expect(chunks.join('')).toBe(`n,text\r\n1,'=SUM(A1:A2)\r\n2,"a,""b""\nc"\r\n3,'-2+3\r\n4,'@cmd\r\n5,'+x\r\n6,plain\r\n`);
  });
});
