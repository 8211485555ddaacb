// Drives the real CometD JavaScript client (cometd 9 with cometd-nodejs-client) against the
// mock's Bayeux server, for mock/interop_test.go. Usage: node interop.mjs URL USER PASSWORD [cookie]
// With "cookie", the client first makes one agent REST call with Basic, keeps the session
// cookie it sets, and then authenticates every CometD request by that cookie alone (no
// Authorization header), as a browser agent desktop does.
// It writes one JSON object per line on stdout: {"cookie":...}, {"handshake":...}, {"subscribed":...},
// {"event":...}, {"disconnected":...}, {"error":...}. It re-subscribes after every
// successful handshake (CometD forgets subscriptions when it re-handshakes), and it
// disconnects and exits when a line "disconnect" arrives on stdin.
import { adapt } from 'cometd-nodejs-client';
import { CometD } from 'cometd';
import readline from 'node:readline';

adapt();
const [url, user, password, mode] = process.argv.slice(2);
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const basic = 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');

let requestHeaders = { Authorization: basic };
if (mode === 'cookie') {
  const rest = await fetch(new URL('/api/v2/me/chats', url), { headers: { Authorization: basic } });
  const session = (rest.headers.getSetCookie() || []).map((c) => c.split(';')[0]).find((c) => c.startsWith('chatmock_gws_session='));
  out({ cookie: Boolean(session), status: rest.status });
  requestHeaders = { Cookie: session };
}

const cometd = new CometD();
cometd.configure({ url, logLevel: 'warn', requestHeaders });

let handshakes = 0;
let subscription = null;
cometd.addListener('/meta/handshake', (m) => {
  out({ handshake: m.successful });
  if (!m.successful) return;
  handshakes++;
  subscription = cometd.subscribe('/v2/me/chats', (msg) => out({ event: msg.data }), (reply) => {
    out({ subscribed: reply.successful, handshakes });
  });
});
cometd.addListener('/meta/unsuccessful', (m) => out({ error: m.error || 'unsuccessful', channel: m.channel }));
cometd.handshake();

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  if (line.trim() !== 'disconnect') return;
  cometd.disconnect((reply) => {
    out({ disconnected: reply.successful, subscribed: subscription !== null });
    rl.close();
    process.exit(0);
  });
});
