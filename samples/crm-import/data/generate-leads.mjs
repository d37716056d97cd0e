// Writes src/main/resources/leads-sample.csv: 3,000 made-up leads with realistic columns and a
// few bad rows (empty email, two addresses in one cell, broken quoting, bytes that are not
// UTF-8). Deterministic: `node data/generate-leads.mjs` rewrites the same bytes.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

let seed = 20261122;
const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
const pick = (a) => a[Math.floor(rnd() * a.length)];

const first = ['Ada', 'Grace', 'Alan', 'Katherine', 'Linus', 'Margaret', 'Tim', 'Barbara',
  'Dennis', 'Frances', 'Ken', 'Radia', 'Guido', 'Hedy', 'James', 'Sophie', 'Niklaus', 'Lynn',
  'Edsger', 'Shafi', 'José', 'Zoë', 'Jürgen', 'Chloé', 'Søren'];
const last = ['Lovelace', 'Hopper', 'Turing', 'Johnson', 'Torvalds', 'Hamilton', 'Berners-Lee',
  'Liskov', 'Ritchie', 'Allen', 'Thompson', 'Perlman', 'van Rossum', 'Lamarr', 'Gosling',
  'Wilson', 'Wirth', 'Conway', 'Dijkstra', 'Goldwasser', 'García', 'Müller', 'Dubois'];
const companies = [['Stripe', 'stripe.com'], ['Shopify', 'shopify.com'], ['Atlassian',
  'atlassian.com'], ['GitHub', 'github.com'], ['Red Hat', 'redhat.com'], ['Zalando',
  'zalando.de'], ['Spotify', 'spotify.com'], ['Siemens', 'siemens.com'], ['SAP', 'sap.com'],
  ['Acme, Inc.', 'acme.com']];
const free = ['gmail.com', 'outlook.com', 'yahoo.com', 'hotmail.com', 'icloud.com', 'gmx.de',
  'web.de', 'proton.me'];
const typos = ['gmial.com', 'hotmial.com', 'yaho.com', 'outlok.com', 'gmail.con'];
const disposable = ['mailinator.com', '10minutemail.com', 'guerrillamail.com', 'yopmail.com'];
const titles = ['CTO', 'Engineer', 'Head of Growth', 'Marketing Manager', 'Founder',
  'Procurement', 'Data Analyst', 'VP Sales'];
const countries = ['US', 'DE', 'FR', 'ES', 'GB', 'NL', 'SE', 'CA'];
const sources = ['webinar', 'trade show', 'website', 'partner', 'cold outreach'];

const quote = (s) => (/[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s);
const lines = [Buffer.from('id,first_name,last_name,email,company,title,country,created_at,lead_source\n')];
for (let i = 1; i <= 3000; i++) {
  const f = pick(first);
  const l = pick(last);
  const [company, domain] = pick(companies);
  const local = (f[0] + '.' + l).toLowerCase().normalize('NFD').replace(/[^a-z.]/g, '');
  const r = rnd();
  let email = r < 0.45 ? `${local}@${domain}`
    : r < 0.75 ? `${local}${Math.floor(rnd() * 90)}@${pick(free)}`
    : r < 0.82 ? `${local}@${pick(typos)}`
    : r < 0.88 ? `${local}@${pick(disposable)}`
    : r < 0.93 ? `${pick(['info', 'sales', 'support', 'contact'])}@${domain}`
    : r < 0.96 ? `${local}@${domain.replace('.', '')}.invalid-tld`
    : `${local}.@${domain}`;
  const date = `2026-${String(1 + Math.floor(rnd() * 10)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
  const cells = [String(i), f, l, email, company, pick(titles), pick(countries), date, pick(sources)];
  let line = cells.map(quote).join(',') + '\n';
  if (i % 250 === 7) line = [String(i), f, l, '', company, 'Buyer', 'US', date, 'website'].join(',') + '\n';
  if (i % 250 === 19) line = [String(i), f, l, `"${local}@${domain}; ${local}@gmail.com"`, company, 'CTO', 'GB', date, 'partner'].join(',') + '\n';
  if (i % 500 === 33) line = [String(i), f, l, `${local}@${domain}`, `"Unclosed Quote Ltd`, 'CFO', 'FR', date, 'partner'].join(',') + '\n';
  if (i % 500 === 101) {
    lines.push(Buffer.concat([Buffer.from(`${i},Ren`), Buffer.from([0xe9]),
      Buffer.from(`e,Dupont,renee.dupont@${domain},${quote(company)},Engineer,FR,${date},website\n`)]));
    continue;
  }
  lines.push(Buffer.from(line, 'utf8'));
}
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'main', 'resources', 'leads-sample.csv');
writeFileSync(out, Buffer.concat(lines));
console.log('wrote', out);
