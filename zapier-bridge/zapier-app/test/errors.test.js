'use strict';

// Error shapes the real bridge cannot produce on demand, stubbed with nock.

const { describe, it, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const nock = require('nock');
const zapier = require('zapier-platform-core');
const App = require('../index');

const appTester = zapier.createAppTester(App);
const authData = { api_key: 'mv_live_' + 'a'.repeat(32), base_url: 'https://bridge.example.com/' };

describe('error envelope mapping', () => {
  afterEach(() => nock.cleanAll());

  it('turns rate_limited into a throttle that honours Retry-After', async () => {
    nock('https://bridge.example.com').post('/api/v1/validate-email')
      .matchHeader('x-api-key', authData.api_key)
      .reply(429, { error: { code: 'rate_limited', message: 'too many requests', details: {} } },
        { 'Retry-After': '17' });
    await assert.rejects(
      appTester(App.creates.verify_email.operation.perform,
        { authData, inputData: { email: 'a@b.com' } }),
      (e) => e.name === 'ThrottledError' && JSON.parse(e.message).delay === 17,
    );
  });

  it('names the field of an invalid_request and does not retry a 500 as a throttle', async () => {
    nock('https://bridge.example.com').post('/api/v1/validate-email')
      .reply(400, { error: { code: 'invalid_request', message: 'email is required',
        details: { field: 'email' } } });
    await assert.rejects(
      appTester(App.creates.verify_email.operation.perform, { authData, inputData: {} }),
      (e) => /email is required \[email\]/.test(e.message),
    );
    nock('https://bridge.example.com').post('/api/v1/validate-email')
      .reply(500, { error: { code: 'internal_error', message: 'boom', details: {} } });
    await assert.rejects(
      appTester(App.creates.verify_email.operation.perform,
        { authData, inputData: { email: 'a@b.com' } }),
      (e) => e.name !== 'ThrottledError' && /boom/.test(e.message),
    );
  });
});
