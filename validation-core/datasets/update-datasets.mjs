#!/usr/bin/env node
// Regenerates mailvet's bundled datasets from pinned npm packages.
//
//   node validation-core/datasets/update-datasets.mjs            # rebuild from the pinned versions
//   node validation-core/datasets/update-datasets.mjs --check    # rebuild in memory, fail if the
//                                                               # committed resources differ
//
// Reproducible: the same pinned versions give byte-identical files. To update, bump the versions
// in sources.json (npm view <package> version), run the script, review the diff of the counts in
// PROVENANCE.md, and commit. Needs Node 18+ and npm with access to the npm registry.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { domainToASCII } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'src', 'main', 'resources', 'io', 'github', 'mailvet', 'knowledge');
const check = process.argv.includes('--check');
const sources = JSON.parse(readFileSync(join(here, 'sources.json'), 'utf8'));

const work = mkdtempSync(join(tmpdir(), 'mailvet-datasets-'));
try {
  writeFileSync(join(work, 'package.json'), '{"name":"mailvet-datasets","private":true}');
  const specs = sources.map((s) => `${s.package}@${s.version}`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--silent',
    '--prefix', work, ...specs], { stdio: ['ignore', 'ignore', 'inherit'] });
  const req = createRequire(join(work, 'package.json'));
  const pkgDir = (name) => join(work, 'node_modules', name);

  const readLines = (file) => readFileSync(file, 'utf8').split(/\r?\n/)
    .map((l) => l.replace(/#.*/, '').trim()).filter(Boolean);
  const readJson = (file) => {
    const v = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(v) ? v : Object.keys(v);
  };
  // mailchecker ships its list inside the module as a Set literal.
  const readMailchecker = (file) => {
    const src = readFileSync(file, 'utf8');
    const m = src.match(/new Set\((\[[\s\S]*?\])\)/);
    if (!m) throw new Error('mailchecker: list not found in ' + file);
    return JSON.parse(m[1]);
  };
  const readRoles = (file) => req(file);

  const load = (s) => {
    const file = join(pkgDir(s.package), s.file);
    switch (s.format) {
      case 'lines': return readLines(file);
      case 'json': return readJson(file);
      case 'mailchecker': return readMailchecker(file);
      case 'module': return readRoles(file);
      default: throw new Error('unknown format ' + s.format);
    }
  };

  // A host name in ASCII form with at least one dot and LDH labels, or null.
  const normalizeDomain = (d) => {
    const lower = String(d).trim().toLowerCase().replace(/^\*\./, '').replace(/\.$/, '');
    if (!lower || lower.includes('@') || lower.includes(' ')) return null;
    const ascii = domainToASCII(lower);
    if (!ascii || !ascii.includes('.') || ascii.length > 253) return null;
    const ok = ascii.split('.').every((l) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(l));
    return ok ? ascii : null;
  };

  const provenance = [];
  const collect = (kind, normalize) => {
    const set = new Set();
    for (const s of sources.filter((x) => x.kind === kind)) {
      const raw = load(s);
      let kept = 0;
      for (const entry of raw) {
        const v = normalize(entry);
        if (v && !set.has(v)) { set.add(v); kept++; }
      }
      const meta = req(join(pkgDir(s.package), 'package.json'));
      provenance.push({ dataset: kind, package: s.package, version: meta.version,
        license: meta.license, upstream: s.upstream, published: s.published,
        entries: raw.length, new_entries: kept });
    }
    return set;
  };

  const localLines = (f) => readLines(join(here, f)).map(normalizeDomain).filter(Boolean);
  const popular = localLines('popular-domains.txt');
  const allow = new Set([...localLines('allowlist.txt'), ...popular]);
  const isAllowed = (d) => {
    for (let i = 0; i >= 0; i = d.indexOf('.', i) + 1 || -1) {
      if (allow.has(d.slice(i))) return true;
      if (i === 0 && d.indexOf('.') < 0) break;
    }
    return false;
  };

  const disposableAll = collect('disposable', normalizeDomain);
  const disposable = [...disposableAll].filter((d) => !isAllowed(d)).sort();
  const removedByAllowlist = disposableAll.size - disposable.length;
  const free = [...collect('free', normalizeDomain)].sort();
  const roles = [...collect('role', (r) => {
    const v = String(r).trim().toLowerCase();
    return /^[a-z0-9][a-z0-9._+-]*$/.test(v) ? v : null;
  })].sort();
  const tlds = [...collect('tld', (t) => {
    const v = domainToASCII(String(t).trim().toLowerCase());
    return v && /^[a-z0-9-]+$/.test(v) ? v : null;
  })].sort();

  const header = (what) => `# mailvet ${what}: generated by validation-core/datasets/update-datasets.mjs;`
    + ' see PROVENANCE.md. Do not edit by hand.\n';
  const files = {
    'disposable-domains.txt': header('disposable domains') + disposable.join('\n') + '\n',
    'free-domains.txt': header('free mailbox provider domains') + free.join('\n') + '\n',
    'role-local-parts.txt': header('role local parts') + roles.join('\n') + '\n',
    'tlds.txt': header('IANA top-level domains') + tlds.join('\n') + '\n',
    'popular-domains.txt': header('popular mailbox domains, most used first')
      + popular.join('\n') + '\n',
    'allowlist.txt': header('never-disposable domains') + [...localLines('allowlist.txt')]
      .sort().join('\n') + '\n',
  };

  const rows = provenance.map((p) => `| ${p.dataset} | \`${p.package}\` | ${p.version} | `
    + `${p.license} | ${p.published} | ${p.upstream} | ${p.entries} | ${p.new_entries} |`);
  files['PROVENANCE.md'] = `# Provenance of mailvet's bundled datasets

Generated by \`node validation-core/datasets/update-datasets.mjs\` from the npm packages pinned in
\`validation-core/datasets/sources.json\`. The same versions give the same files.

| dataset | npm package | version | license | published | upstream | entries | new after union |
|---|---|---|---|---|---|---|---|
${rows.join('\n')}

Curated by the mailvet project (Apache-2.0): \`popular-domains.txt\` (typo-suggestion candidates)
and \`allowlist.txt\` (never disposable) in \`validation-core/datasets/\`.

| file | entries |
|---|---|
| disposable-domains.txt | ${disposable.length} (union of the disposable sources, ${removedByAllowlist} removed by the allowlist) |
| free-domains.txt | ${free.length} |
| role-local-parts.txt | ${roles.length} |
| tlds.txt | ${tlds.length} |
| popular-domains.txt | ${popular.length} |
| allowlist.txt | ${localLines('allowlist.txt').length} (plus every popular domain) |

Domains are stored in ASCII (IDNA A-label) form, lower case, one per line, sorted. Entries that are
not host names with at least one dot are dropped. A disposable entry also covers its subdomains.
`;

  let differ = false;
  for (const [name, text] of Object.entries(files)) {
    const path = join(out, name);
    const old = existsSync(path) ? readFileSync(path, 'utf8') : null;
    if (old !== text) {
      differ = true;
      if (check) {
        console.error(`differs: ${name}`);
      } else {
        writeFileSync(path, text);
      }
    }
  }
  console.log(`disposable ${disposable.length}, free ${free.length}, roles ${roles.length}, `
    + `tlds ${tlds.length}, popular ${popular.length}`);
  if (check && differ) process.exit(1);
} finally {
  rmSync(work, { recursive: true, force: true });
}
