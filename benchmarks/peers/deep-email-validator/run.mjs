// Runs deep-email-validator (regex, typo, disposable, MX, SMTP) over a list of addresses, as its
// users do: one validate() per address, `concurrency` at a time, so that at most that many SMTP
// connections are open (the same budget as mailvet's --smtp-sessions).
//
//   node run.mjs LIST DNS_HOST:PORT SMTP_PORT CONCURRENCY > results.jsonl
//
// The loopback fixtures stand in for the internet: Node's resolver is pointed at the DNS
// fixture (dns.setServers), and since deep-email-validator always connects to port 25 of the MX
// host by name, connections to port 25 go to the SMTP fixture's port on 127.0.0.1 instead (what
// /etc/hosts and a port redirect would do; it saves the peer the address lookup that mailvet
// gets from the MX answer). Prints one JSON line per address: {"email", "valid", "reason"}.
import dns from 'node:dns';
import net from 'node:net';
import { readFileSync } from 'node:fs';

const [list, dnsServer, smtpPort, concurrency] = process.argv.slice(2);
dns.setServers([dnsServer]);
const connect = net.createConnection;
net.createConnection = function (port, host, ...rest) {
  if (port === 25) {
    return connect.call(net, Number(smtpPort), '127.0.0.1', ...rest);
  }
  return connect.call(net, port, host, ...rest);
};
const { validate } = await import('deep-email-validator');

const emails = readFileSync(list, 'utf8').split('\n').filter((l) => l.length > 0);
const out = new Array(emails.length);
let next = 0;
async function worker() {
  while (next < emails.length) {
    const i = next++;
    const r = await validate({ email: emails[i], sender: 'bounce@verifier.mailvet-tests.com' });
    out[i] = { email: emails[i], valid: r.valid, reason: r.reason ?? null };
  }
}
await Promise.all(Array.from({ length: Number(concurrency) }, worker));
for (const r of out) {
  process.stdout.write(JSON.stringify(r) + '\n');
}
