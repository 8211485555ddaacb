// Drives the real CometD JavaScript client (cometd 9 with cometd-nodejs-client) against the
// mock's Bayeux server, for mock/interop_test.go. Usage: node interop.mjs URL USER PASSWORD
// It writes one JSON object per line on stdout: {"handshake":...}, {"subscribed":...},
// {"event":...}, {"disconnected":...}, {"error":...}. It re-subscribes after every
// successful handshake (CometD forgets subscriptions when it re-handshakes), and it
// disconnects and exits when a line "disconnect" arrives on stdin.
import { adapt } from 'cometd-nodejs-client';
import { CometD } from 'cometd';
import readline from 'node:readline';

adapt();
const [url, user, password] = process.argv.slice(2);
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');

const cometd = new CometD();
cometd.configure({
  url,
  logLevel: 'warn',
  requestHeaders: { Authorization: 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64') },
});

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
