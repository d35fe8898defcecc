import { generate } from 'selfsigned';

/** A certificate authority made at start, and the server certificate it signed for the stand-in's host. */
export interface StandinTls {
  /** The CA's certificate (PEM): what MICROSOFT_CA_FILE or NODE_EXTRA_CA_CERTS must trust. */
  caPem: string;
  key: string;
  cert: string;
}

/**
 * msal refuses http:// authorities and graph-client sends the bearer only to https hosts (sheet §7), so the
 * stand-in serves HTTPS. Its CA lives only in memory and in the file a test or the demo writes.
 */
export async function makeTls(host: string): Promise<StandinTls> {
  const days = (n: number) => new Date(Date.now() + n * 86_400_000);
  const ca = await generate([{ name: 'commonName', value: 'Layer Entra stand-in CA' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: days(-1),
    notAfterDate: days(365),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const ip = /^[\d.]+$/.test(host);
  const leaf = await generate([{ name: 'commonName', value: host }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: days(-1),
    notAfterDate: days(365),
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          ...(host === 'localhost' || host === '127.0.0.1'
            ? []
            : [ip ? { type: 7 as const, ip: host } : { type: 2 as const, value: host }]),
        ],
      },
    ],
  });
  return { caPem: ca.cert, key: leaf.private, cert: leaf.cert };
}
