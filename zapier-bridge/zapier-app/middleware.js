'use strict';

/** Sends the connection's key the way the bridge (and the APIddress seed) expects it. */
const includeApiKey = (request, z, bundle) => {
  if (bundle.authData && bundle.authData.api_key) {
    request.headers = request.headers || {};
    request.headers['x-api-key'] = bundle.authData.api_key;
  }
  return request;
};

/**
 * Maps the bridge's error envelope {"error": {"code", "message", "details"}}:
 * rate_limited is a throttle (Zapier retries after Retry-After); quota_exceeded halts the run
 * (retrying before next month cannot succeed); unauthorized is an authentication error; anything
 * else fails with the bridge's message. The app sets flags.throwForThrottlingEarly = false, or
 * zapier-platform-core 19 would turn every 429 into a retry before this runs.
 */
const handleErrors = (response, z) => {
  if (response.status < 400 || (response.request && response.request.skipThrowForStatus)) {
    return response;
  }
  let error = {};
  try {
    error = (response.json || JSON.parse(response.content)).error || {};
  } catch (e) {
    error = {};
  }
  const message = error.message || `The bridge answered ${response.status}`;
  const code = error.code || `http_${response.status}`;
  if (code === 'rate_limited' || (response.status === 429 && code !== 'quota_exceeded')) {
    const retry = parseInt(response.headers.get('retry-after'), 10);
    throw new z.errors.ThrottledError(message, Number.isNaN(retry) ? 60 : retry);
  }
  if (code === 'quota_exceeded') {
    throw new z.errors.HaltedError(`mailvet: the monthly quota is used up (${message})`);
  }
  if (response.status === 401) {
    throw new z.errors.Error(`mailvet: the API key was refused (${message})`,
      'AuthenticationError', 401);
  }
  const field = error.details && error.details.field ? ` [${error.details.field}]` : '';
  throw new z.errors.Error(`mailvet: ${message}${field}`, code, response.status);
};

module.exports = { includeApiKey, handleErrors };
