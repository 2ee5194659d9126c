/**
 * Measures the demo org at load: startup time for `--scale N` and how fast query pages are
 * served versus how fast jsforce consumes them. Run: npx tsx electron/demo-org/measure.ts [N]
 * The figures in docs/demo-org.md come from this script.
 */
import jsforce from 'jsforce';
import { startDemoOrg } from './index';

const scale = Number(process.argv[2] ?? 100_000);
const soql = 'SELECT Id, ParentId, SobjectType, Field, PermissionsRead, PermissionsEdit FROM FieldPermissions';

const t0 = performance.now();
const org = await startDemoOrg({ scale });
const startup = performance.now() - t0;
try {
  const conn = new jsforce.Connection({ instanceUrl: org.url, accessToken: org.accessToken, version: '62.0' });
  const auth = { Authorization: `Bearer ${org.accessToken}` };

  // Raw pages: server time plus transfer, no JSON parsing on the client.
  let t = performance.now();
  let url: string | undefined = `/services/data/v62.0/query?q=${encodeURIComponent(soql)}`;
  let pages = 0;
  let bytes = 0;
  let total = 0;
  while (url) {
    const res = await fetch(org.url + url, { headers: auth });
    const text = await res.text();
    bytes += text.length;
    pages++;
    const next = /"nextRecordsUrl":"([^"]+)"/.exec(text.slice(0, 300));
    if (pages === 1) total = Number(/"totalSize":(\d+)/.exec(text)?.[1]);
    url = next?.[1];
  }
  const rawMs = performance.now() - t;

  t = performance.now();
  const res = await conn.query(soql, { autoFetch: true, maxFetch: 10_000_000 });
  const jsforceMs = performance.now() - t;

  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(`scale ${fmt(scale)}: startup ${fmt(startup)} ms, ${fmt(org.dataset.User.length)} users`);
  console.log(`FieldPermissions: ${fmt(total)} records in ${pages} pages (${(bytes / 1e6).toFixed(1)} MB)`);
  console.log(`served raw (fetch, no parse): ${fmt(rawMs)} ms = ${fmt((total / rawMs) * 1000)} records/s`);
  console.log(`jsforce autoFetch:            ${fmt(jsforceMs)} ms = ${fmt((res.records.length / jsforceMs) * 1000)} records/s`);
} finally {
  await org.close();
}
