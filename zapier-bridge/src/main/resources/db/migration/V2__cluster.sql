-- mailvet bridge: what several nodes on one PostgreSQL share beyond batches and quotas.

-- Per-minute request limits: one row per API key (or key-less client address) and minute, grown
-- by one conditional upsert per request, so N nodes together allow exactly what one would.
create table rate_window (
  id           text not null,                      -- key id, or ip:<address>
  window_start bigint not null,                    -- epoch minute, UTC
  used         integer not null,
  primary key (id, window_start)
);

-- Who may open SMTP sessions to a mail server: one node per owner key (the mail provider, else
-- the first MX host), so the per-host limits hold for all nodes together.
create table mx_lease (
  owner_key  text primary key,
  node       text not null,
  held_since timestamptz not null,
  expires_at timestamptz not null,                 -- renewed while held; a dead node's lease lapses
  wanted_at  timestamptz                           -- another node is waiting for it
);

-- Hosted providers' monthly budgets, shared (credits are taken before a request, corrected after).
create table provider_ledger (
  provider text not null,
  month    text not null,                          -- YYYY-MM, UTC
  used     bigint not null default 0,
  primary key (provider, month)
);

-- A provider that said its quota is exhausted, for every node.
create table provider_suspension (
  provider text primary key,
  until    timestamptz not null
);
