// Upload budgets (issue 27, item 8) through real sockets: header-only
// uploads to the public portal cannot take the cadres' upload slots, a body
// that does not arrive is cut after the upload timeout, and one client
// network gets only its share of the portal's slots (429 beyond).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, Client, API, USER_PASSWORD } from './lib/server.mjs';
import { buildCounty, createUser } from './lib/fixtures.mjs';

let ts;
let cadre;
let petitionId;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * A raw connection that sends the header of a 1 MB upload (and `bodyBytes`
 * of its body) and then nothing: it holds an upload slot until the server
 * cuts it. `closed` resolves with what the server sent once it closes.
 *
 * With `waitForSlot` the header carries `Expect: 100-continue`, and
 * `admitted` resolves on the server's 100 Continue, which it sends only once
 * the slot is taken; it rejects if the upload is refused instead. Checks of
 * the budgets must await it: a hold whose header the server has not read yet
 * takes no slot, and a probe that gets in first can push it out (429/503).
 */
function holdUpload(base, path, { headers = {}, bodyBytes = 0, waitForSlot = false } = {}) {
  const { hostname, port } = new URL(base);
  const socket = net.connect(Number(port), hostname);
  let received = '';
  let onData = () => {};
  socket.on('data', (d) => {
    received += d.toString('latin1');
    onData();
  });
  socket.on('error', () => {});
  const closed = new Promise((resolve) => socket.on('close', () => resolve(received)));
  const what = `hold ${path} ${JSON.stringify(headers)}`;
  const admitted = !waitForSlot
    ? null
    : new Promise((resolve, reject) => {
        // A bound, not a wait: the server answers the header at once either way.
        const timer = setTimeout(() => reject(new Error(`${what}: no 100 Continue within 30 s`)), 30000);
        onData = () => {
          const end = received.indexOf('\r\n');
          if (end < 0) return;
          clearTimeout(timer);
          const line = received.slice(0, end);
          if (/^HTTP\/1\.1 100 /.test(line)) resolve();
          else reject(new Error(`${what}: refused: ${received}`));
        };
        closed.then(() => {
          clearTimeout(timer);
          reject(new Error(`${what}: closed without 100 Continue: ${received}`));
        });
      });
  const extra = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  const expect = waitForSlot ? 'Expect: 100-continue\r\n' : '';
  socket.write(
    `POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000000\r\n${expect}${extra}\r\n`,
  );
  if (bodyBytes > 0) socket.write(Buffer.alloc(bodyBytes, 0x41));
  return { socket, closed, admitted };
}

/** A complete small portal upload from the given client address (X-Real-IP). */
async function portalUpload(ip) {
  const res = await fetch(`${ts.portalBase}${API}/portal/uploads?name=${encodeURIComponent('说明.txt')}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', 'x-real-ip': ip, accept: 'application/json' },
    body: Buffer.from('补充说明：村里的低保名单\n'),
  });
  const text = await res.text();
  let body = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, text };
}

/** Repeats `fn` until `ok(result)`, for at most 30 s. */
async function until(fn, ok, what) {
  const deadline = Date.now() + 30000;
  let last;
  for (;;) {
    last = await fn();
    if (ok(last)) return last;
    if (Date.now() > deadline) assert.fail(`${what}: last answer ${last.status} ${last.text}`);
    await sleep(100);
  }
}

/**
 * Ends the held uploads and waits for the server to close its side: it gives
 * the slot back before it closes, so the slots are free once this returns.
 * (destroy() would only close ours.)
 */
async function release(holds) {
  for (const h of holds) h.socket.end();
  await Promise.all(holds.map((h) => h.closed));
}

before(async () => {
  // A long upload timeout: the held uploads below must outlast the checks.
  ts = await startServer({ extraArgs: ['--trust-proxy', '--portal-upload-per-hour', '100000', '--upload-timeout-seconds', '300'] });
  const admin = await ts.adminClient('admin');
  const org = await buildCounty(admin);
  const user = await createUser(admin, { username: 'up_po', display_name: '信访上传', org_unit_id: org.petition.id, role: 'petition_office' });
  cadre = new Client(ts.base);
  await cadre.loginAndChange('up_po', user.initial_password, USER_PASSWORD);
  const reg = await cadre.post('/petitions', {
    channel: 'letter', type: 'accusation', summary: '上传预算', content: '来信反映村干部问题', category: 'mass', received_day: '2024-09-25',
    persons: [{ name: '甲', unit_name: '乙村', cadre_level: 'village_cadre' }],
  });
  assert.equal(reg.status, 201, reg.text);
  petitionId = reg.body.id;
});

after(async () => {
  if (ts) await ts.stop();
});

test('header-only portal uploads fill the portal budget only: a cadre still uploads', async () => {
  // Eight networks each start an upload and never send its body.
  const holds = [];
  for (let i = 0; i < 8; i++) {
    holds.push(holdUpload(ts.portalBase, `${API}/portal/uploads?name=x.txt`, { headers: { 'X-Real-IP': `10.0.${i}.1` }, waitForSlot: true }));
  }
  try {
    await Promise.all(holds.map((h) => h.admitted));
    // The portal's slots are all taken: a ninth network is told to come back.
    const busy = await portalUpload('10.200.0.1');
    assert.equal(busy.status, 503, busy.text);
    assert.equal(busy.body.error.code, 'busy');
    // The internal listener has its own budget.
    const file = await cadre.request('POST', `/petitions/${petitionId}/attachments?name=${encodeURIComponent('材料.txt')}`, {
      raw: '证据材料\n',
      contentType: 'application/octet-stream',
    });
    assert.equal(file.status, 201, file.text);
    assert.equal(file.body.name, '材料.txt');
  } finally {
    await release(holds);
  }
  // Closed connections give their slots back.
  const after = await portalUpload('10.200.0.1');
  assert.equal(after.status, 201, after.text);
});

test('one client network holds at most two portal uploads at once (IPv4 /24, IPv6 /64)', async () => {
  const hold = (name, ip) => holdUpload(ts.portalBase, `${API}/portal/uploads?name=${name}`, { headers: { 'X-Real-IP': ip }, waitForSlot: true });
  const v4 = [hold('a.txt', '10.1.2.3'), hold('b.txt', '10.1.2.99')];
  const v6 = [hold('c.txt', '2001:db8:1:2::5'), hold('d.txt', '2001:db8:1:2:ffff::1')];
  try {
    await Promise.all([...v4, ...v6].map((h) => h.admitted));
    const third = await portalUpload('10.1.2.200');
    assert.equal(third.status, 429, 'a third upload from the same /24 accepted');
    assert.deepEqual(third.body, { error: { code: 'too_many_uploads', message: '同时上传的文件过多，请等其他文件传完后再试' } });
    // The same IPv4 network written as an IPv4-mapped IPv6 address.
    assert.equal((await portalUpload('::ffff:10.1.2.7')).status, 429);
    // The neighbouring /24 is another network.
    assert.equal((await portalUpload('10.1.3.1')).status, 201);
    const sixth = await portalUpload('2001:db8:1:2:abcd::9');
    assert.equal(sixth.status, 429, 'a third upload from the same /64 accepted');
    assert.equal(sixth.body.error.code, 'too_many_uploads');
    assert.equal((await portalUpload('2001:db8:1:3::5')).status, 201);
  } finally {
    await release([...v4, ...v6]);
  }
  const after = await portalUpload('10.1.2.200');
  assert.equal(after.status, 201, `the network share not released: ${after.text}`);
});

test('a body that does not arrive is cut after --upload-timeout-seconds', async () => {
  const small = await startServer({ extraArgs: ['--upload-timeout-seconds', '2', '--uploads-in-flight', '1'] });
  try {
    const t0 = Date.now();
    const slow = holdUpload(small.portalBase, `${API}/portal/uploads?name=slow.txt`, { bodyBytes: 100 });
    const internal = holdUpload(small.base, `${API}/petitions/1/attachments?name=slow.txt`, { waitForSlot: true });
    const c = new Client(small.base);
    const upload = () => c.request('POST', `/petitions/1/attachments?name=x.txt`, { raw: 'x\n', contentType: 'application/octet-stream' });
    // The hold has the one internal slot.
    await internal.admitted;
    const busy = await upload();
    assert.equal(busy.status, 503, busy.text);
    const [portalSent] = await Promise.all([slow.closed, internal.closed]);
    const seconds = (Date.now() - t0) / 1000;
    // The read timeout of other requests is 30 s; this cut comes from the upload timeout.
    assert.ok(seconds < 20, `slow bodies cut only after ${seconds} s`);
    assert.equal(portalSent, '', 'nothing answered to a body that never came');
    // The cut released the slot: a complete upload is read (and refused for
    // want of a session). The timeout closes the socket just before the
    // session gives the slot back, so a 503 may still come first.
    const r = await until(upload, (x) => x.status !== 503, 'the cut did not release the internal slot');
    assert.equal(r.status, 401, r.text);
  } finally {
    await small.stop();
  }
});
