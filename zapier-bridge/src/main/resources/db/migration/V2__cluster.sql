-- mailvet bridge: what several nodes on one PostgreSQL share beyond batches and quotas.

-- Per-minute request limits: Bucket4j's token buckets (bucket4j_jdk17-postgresql), one row per
-- API key or key-less client address, so N nodes together allow what one would.
create table rate_bucket (
  id         text primary key,
  state      bytea,
  expires_at bigint                                -- epoch millis; expired rows are purged
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
