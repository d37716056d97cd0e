'use strict';

// Starts a real mailvet bridge for the app's tests: `java -jar ../target/mailvet-bridge.jar`
// (built by ./mvnw package) on its embedded default in a temporary folder, offline, on a free
// loopback port; keys made with `keys create`. Everything is stopped by the process id it got.

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const JAR = path.resolve(__dirname, '..', '..', 'target', 'mailvet-bridge.jar');

const freePort = () => new Promise((resolve, reject) => {
  const s = net.createServer();
  s.listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
  s.on('error', reject);
});

const java = () => (process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java');

const start = async () => {
  if (!fs.existsSync(JAR)) {
    throw new Error(`${JAR} is missing: build it first (./mvnw -pl zapier-bridge -am package -DskipTests)`);
  }
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'mailvet-zapier-'));
  const key = (...args) => {
    const r = spawnSync(java(), ['-jar', JAR, 'keys', 'create', '--data', data, ...args],
      { encoding: 'utf8', timeout: 120000 });
    if (r.status !== 0) {
      throw new Error(`keys create failed: ${r.stderr}`);
    }
    return JSON.parse(r.stdout.trim());
  };
  const live = key('--name', 'zapier tests', '--monthly-limit', '1000');
  const tiny = key('--name', 'one a month', '--monthly-limit', '1');
  const port = await freePort();
  const log = fs.openSync(path.join(data, 'serve.log'), 'a');
  const child = spawn(java(), ['-jar', JAR, 'serve', '--offline', '--data', data, '--port',
    String(port), '--bind', '127.0.0.1', '--allow-private-callbacks',
    '--mailvet.bridge.poll-interval=PT0.05S'], { stdio: ['ignore', log, log] });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 1200; i++) { // bounded: 120 s
    if (child.exitCode !== null) {
      throw new Error(`the bridge exited with ${child.exitCode}; see ${data}/serve.log`);
    }
    try {
      const r = await fetch(`${base}/api/v1/health`);
      if (r.ok) break;
    } catch (e) {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  return { base, live, tiny, stop, data };
};

/** A loopback listener standing in for Zapier's hook and callback URLs. */
const listener = async () => {
  const received = [];
  const waiters = [];
  const http = require('node:http');
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const item = { path: req.url, headers: req.headers, body: JSON.parse(body || 'null') };
      received.push(item);
      res.writeHead(200).end('{}');
      waiters.splice(0).forEach((w) => w());
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = (p) => `http://127.0.0.1:${server.address().port}${p}`;
  const waitFor = async (pred, ms) => {
    const end = Date.now() + ms;
    while (Date.now() < end) { // bounded by ms
      const hit = received.find(pred);
      if (hit) return hit;
      await new Promise((r) => { waiters.push(r); setTimeout(r, 100); });
    }
    return null;
  };
  return { received, url, waitFor, close: () => new Promise((r) => server.close(r)) };
};

module.exports = { start, listener };
