-- mailvet bridge: keys, monthly usage, batches, stored verifications and the webhook outbox.
-- The same migrations run on the embedded default and on a PostgreSQL of your own.

create table api_key (
  id             text primary key,                 -- key_<hex>, safe to show and log
  name           text not null,
  email          text,
  key_hash       text not null unique,             -- SHA-256 of the raw key, hex; the key itself is never stored
  key_prefix     text not null,                    -- mv_live_1a2b: enough to recognise a key in a list
  test           boolean not null,
  plan           text not null,
  monthly_limit  bigint not null,
  webhook_secret text not null,                    -- whsec_...: kept to sign deliveries (HMAC needs the secret)
  profile        text,
  created_at     timestamptz not null,
  revoked_at     timestamptz,
  last_used_at   timestamptz
);

create table usage_month (
  key_id text not null references api_key(id),
  month  text not null,                            -- YYYY-MM, UTC
  used   bigint not null default 0,
  primary key (key_id, month)
);

create table batch (
  id               text primary key,               -- bat_<hex>
  key_id           text not null references api_key(id),
  status           text not null,                  -- pending, processing, completed, failed
  submitted_count  integer not null,
  processed_count  integer not null default 0,
  check_smtp       boolean not null,
  allow_role_based boolean not null,
  profile          text,
  test             boolean not null,
  callback_url     text,
  billed_month     text not null,
  attempts         integer not null default 0,
  lease_owner      text,
  lease_until      timestamptz,
  error            text,
  created_at       timestamptz not null,
  completed_at     timestamptz
);
create index batch_claim on batch (status, lease_until);
create index batch_by_key on batch (key_id, created_at desc);

create table batch_item (
  batch_id text not null references batch(id) on delete cascade,
  seq      integer not null,
  email    text not null,
  result   text,                                   -- the result JSON once answered, exactly once
  primary key (batch_id, seq)
);

create table verification (
  id               text primary key,               -- ver_<hex>
  key_id           text not null references api_key(id),
  email            text not null,
  normalized_email text,
  batch_id         text,
  result           text not null,
  created_at       timestamptz not null
);
create index verification_by_key on verification (key_id, created_at desc);
create index verification_by_email on verification (key_id, normalized_email, created_at desc);

create table hook (
  id          text primary key,                    -- hook_<hex>
  key_id      text not null references api_key(id),
  url         text not null,
  event       text not null,                       -- verification.completed, batch.completed
  created_at  timestamptz not null,
  disabled_at timestamptz
);
create index hook_by_key on hook (key_id, event);

create table webhook_delivery (
  id              text primary key,                -- msg_<hex>: the webhook-id header
  key_id          text not null references api_key(id),
  hook_id         text,
  target_url      text not null,
  event           text not null,
  payload         text not null,
  status          text not null,                   -- pending, delivered, failed, gone
  attempts        integer not null default 0,
  next_attempt_at timestamptz not null,
  last_status     integer,
  last_error      text,
  created_at      timestamptz not null,
  delivered_at    timestamptz
);
create index webhook_due on webhook_delivery (status, next_attempt_at);
