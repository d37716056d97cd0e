'use strict';

/** The bridge's base URL from the connection, without a trailing slash. */
const base = (bundle) => String(bundle.authData.base_url || '').replace(/\/+$/, '');

const CHECKS = ['syntax', 'domain_exists', 'mx', 'smtp', 'disposable', 'role_based',
  'free_provider', 'catch_all', 'typo', 'spam_trap_risk'];

/**
 * A bridge result as Zapier wants it: flat, simple values, a stable id (the verification's id,
 * so dedupe works), one field per check.
 */
const flatten = (r) => {
  const out = {
    id: r.id,
    email: r.email,
    normalized_email: r.normalized_email,
    status: r.status,
    valid: r.valid,
    score: r.score,
    reason: r.reason,
    suggestion: r.suggestion,
    provider: r.provider,
    decision: r.decision,
    rule: r.rule,
    source: r.source,
    checked_at: r.created_at || r.verified_at,
  };
  for (const c of CHECKS) {
    out[`check_${c}`] = r.checks ? r.checks[c] : null;
  }
  return out;
};

const resultOutputFields = [
  { key: 'id', label: 'Verification ID' },
  { key: 'email', label: 'Email (as submitted)' },
  { key: 'normalized_email', label: 'Normalized Email' },
  { key: 'status', label: 'Status (valid, invalid, risky, disposable, unknown)' },
  { key: 'valid', label: 'Valid', type: 'boolean' },
  { key: 'score', label: 'Score (0 to 1)', type: 'number' },
  { key: 'reason', label: 'Reason' },
  { key: 'suggestion', label: 'Suggested Correction' },
  { key: 'provider', label: 'Mailbox Provider' },
  { key: 'decision', label: 'Decision (accept, review, reject)' },
  { key: 'rule', label: 'Rule' },
  { key: 'source', label: 'Answered By' },
  { key: 'checked_at', label: 'Checked At', type: 'datetime' },
  ...CHECKS.map((c) => ({
    key: `check_${c}`,
    label: `Check: ${c.replace(/_/g, ' ')}`,
    type: c === 'spam_trap_risk' ? 'string' : 'boolean',
  })),
];

const resultSample = flatten({
  id: 'ver_5f0c2a9e8b7d6c5b4a392817',
  email: 'ada@gmial.com',
  normalized_email: 'ada@gmial.com',
  status: 'risky',
  valid: false,
  score: 0.15,
  reason: 'likely_typo',
  suggestion: 'ada@gmail.com',
  provider: null,
  decision: null,
  rule: null,
  source: 'local',
  created_at: '2026-11-30T10:00:00Z',
  checks: {
    syntax: true, domain_exists: true, mx: true, smtp: null, disposable: false,
    role_based: false, free_provider: false, catch_all: null, typo: true, spam_trap_risk: null,
  },
});

/** A batch as Zapier shows it: flat, with the count of each status when known. */
const batchSummary = (b) => {
  const counts = b.status_counts || {};
  const out = {
    id: b.batch_id,
    batch_id: b.batch_id,
    status: b.status,
    submitted_count: b.submitted_count,
    processed_count: b.processed_count,
    created_at: b.created_at,
    completed_at: b.completed_at,
  };
  for (const s of ['valid', 'invalid', 'risky', 'disposable', 'unknown']) {
    out[`count_${s}`] = counts[s] !== undefined ? counts[s]
      : Array.isArray(b.results) ? b.results.filter((r) => r && r.status === s).length : null;
  }
  return out;
};

const batchOutputFields = [
  { key: 'id', label: 'Batch ID' },
  { key: 'status', label: 'Status (pending, processing, completed, failed)' },
  { key: 'submitted_count', label: 'Addresses Submitted', type: 'integer' },
  { key: 'processed_count', label: 'Addresses Verified', type: 'integer' },
  { key: 'created_at', label: 'Created At', type: 'datetime' },
  { key: 'completed_at', label: 'Completed At', type: 'datetime' },
  ...['valid', 'invalid', 'risky', 'disposable', 'unknown'].map((s) => ({
    key: `count_${s}`, label: `Count: ${s}`, type: 'integer',
  })),
];

const batchSample = batchSummary({
  batch_id: 'bat_3f2a9c0d1e4b5a6978c0d1e2', status: 'completed', submitted_count: 3,
  processed_count: 3, created_at: '2026-11-30T10:00:00Z', completed_at: '2026-11-30T10:00:02Z',
  status_counts: { valid: 2, invalid: 1, risky: 0, disposable: 0, unknown: 0 },
});

/** performSubscribe for a REST-hook trigger of one event: the bridge answers {id, url, ...}. */
const subscribeTo = (event) => async (z, bundle) => {
  const response = await z.request({
    method: 'POST',
    url: `${base(bundle)}/api/v1/hooks`,
    body: { url: bundle.targetUrl, event },
  });
  return response.data; // Zapier keeps it as subscribeData
};

/** performUnsubscribe: idempotent on the bridge, so a second call (Zap off, then delete) is fine. */
const unsubscribe = async (z, bundle) => {
  const response = await z.request({
    method: 'DELETE',
    url: `${base(bundle)}/api/v1/hooks/${encodeURIComponent(bundle.subscribeData.id)}`,
  });
  return response.data;
};

module.exports = {
  subscribeTo,
  unsubscribe,
  base, flatten, resultOutputFields, resultSample, batchSummary, batchOutputFields, batchSample,
};
