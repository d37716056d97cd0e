'use strict';

// The app against a real running bridge, through Zapier's appTester.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const zapier = require('zapier-platform-core');
const App = require('../index');
const { start, listener } = require('./bridge');

const appTester = zapier.createAppTester(App);

describe('mailvet app against a running bridge', () => {
  let bridge;
  let hooks;
  let auth;

  before(async () => {
    bridge = await start();
    hooks = await listener();
    auth = { api_key: bridge.live.key, base_url: bridge.base };
  });

  after(async () => {
    if (hooks) await hooks.close();
    if (bridge) await bridge.stop();
  });

  it('tests the connection with a good key and refuses a bad one', async () => {
    const me = await appTester(App.authentication.test, { authData: auth });
    assert.equal(me.id, bridge.live.id);
    assert.equal(me.name, 'zapier tests');
    await assert.rejects(
      appTester(App.authentication.test,
        { authData: { api_key: 'mv_live_' + '0'.repeat(32), base_url: bridge.base } }),
      (e) => /API key was refused/.test(e.message) && /AuthenticationError/.test(e.message),
    );
  });

  it('verifies an address into flat fields with a stable id', async () => {
    const r = await appTester(App.creates.verify_email.operation.perform,
      { authData: auth, inputData: { email: 'ada@gmial.com' } });
    assert.match(r.id, /^ver_/);
    assert.equal(r.email, 'ada@gmial.com');
    assert.equal(r.suggestion, 'ada@gmail.com');
    assert.equal(r.check_typo, true);
    assert.equal(r.check_syntax, true);
    assert.ok(r.checked_at);
    for (const v of Object.values(r)) {
      assert.ok(v === null || ['string', 'number', 'boolean'].includes(typeof v), 'flat');
    }
  });

  it('finds a verification, newest first, and [] when there is none', async () => {
    await appTester(App.creates.verify_email.operation.perform,
      { authData: auth, inputData: { email: 'grace@hopper-labs.com' } });
    const second = await appTester(App.creates.verify_email.operation.perform,
      { authData: auth, inputData: { email: 'grace@hopper-labs.com' } });
    const found = await appTester(App.searches.find_verification.operation.perform,
      { authData: auth, inputData: { email: 'grace@hopper-labs.com' } });
    assert.equal(found.length, 2);
    assert.equal(found[0].id, second.id);
    const none = await appTester(App.searches.find_verification.operation.perform,
      { authData: auth, inputData: { email: 'nobody@nowhere-at-all.com' } });
    assert.deepEqual(none, []);
  });

  it('delivers verification_completed to a subscribed hook, and nothing after unsubscribe',
    async () => {
      const targetUrl = hooks.url('/hook/verification');
      const sub = await appTester(App.triggers.verification_completed.operation.performSubscribe,
        { authData: auth, targetUrl });
      assert.match(sub.id, /^hook_/);
      const r = await appTester(App.creates.verify_email.operation.perform,
        { authData: auth, inputData: { email: 'hooked@acme-widgets.com' } });
      const got = await hooks.waitFor((x) => x.path === '/hook/verification'
        && x.body.data.id === r.id, 15000);
      assert.ok(got, 'the hook arrived');
      assert.equal(got.body.type, 'verification.completed');
      assert.match(got.headers['webhook-signature'], /^v1,/);
      const items = await appTester(App.triggers.verification_completed.operation.perform,
        { authData: auth, cleanedRequest: got.body });
      assert.equal(items[0].id, r.id);
      assert.equal(items[0].email, 'hooked@acme-widgets.com');

      await appTester(App.triggers.verification_completed.operation.performUnsubscribe,
        { authData: auth, subscribeData: sub });
      const before = hooks.received.length;
      await appTester(App.creates.verify_email.operation.perform,
        { authData: auth, inputData: { email: 'unhooked@acme-widgets.com' } });
      const late = await hooks.waitFor((x) => x.body && x.body.data
        && x.body.data.email === 'unhooked@acme-widgets.com', 1500);
      assert.equal(late, null);
      assert.equal(hooks.received.length, before);
      // unsubscribing twice is fine
      await appTester(App.triggers.verification_completed.operation.performUnsubscribe,
        { authData: auth, subscribeData: sub });
    });

  it('lists real recent records for both triggers, newest first', async () => {
    const list = await appTester(App.triggers.verification_completed.operation.performList,
      { authData: auth });
    assert.ok(list.length >= 1 && list.length <= 3);
    assert.ok(list.every((x) => /^ver_/.test(x.id)));
    const times = list.map((x) => x.checked_at);
    assert.deepEqual([...times].sort().reverse(), times);
  });

  it('verifies a list and resumes with the results when the bridge calls back', async () => {
    const callback = hooks.url('/callback/list');
    const started = await appTester(async (z, bundle) => {
      z.generateCallbackUrl = () => callback; // appTester's own URL is a Zapier staging host
      return App.creates.verify_list.operation.perform(z, bundle);
    }, { authData: auth, inputData: { emails_text: 'a@acme-widgets.com\nb@gmial.com\n\nc@mailinator.com' } });
    assert.match(started.batch_id, /^bat_/);
    assert.equal(started.submitted_count, 3);
    const got = await hooks.waitFor((x) => x.path === '/callback/list', 30000);
    assert.ok(got, 'the bridge called back');
    const done = await appTester(App.creates.verify_list.operation.performResume,
      { authData: auth, cleanedRequest: got.body, outputData: started });
    assert.equal(done.status, 'completed');
    assert.equal(done.results.length, 3);
    assert.deepEqual(done.results.map((x) => x.email),
      ['a@acme-widgets.com', 'b@gmial.com', 'c@mailinator.com']);
    assert.equal(done.count_disposable, 1);

    const batch = await appTester(App.searches.get_batch.operation.perform,
      { authData: auth, inputData: { batch_id: started.batch_id } });
    assert.equal(batch[0].status, 'completed');
    const missing = await appTester(App.searches.get_batch.operation.perform,
      { authData: auth, inputData: { batch_id: 'bat_000000000000000000000000' } });
    assert.deepEqual(missing, []);
    const recent = await appTester(App.triggers.batch_completed.operation.performList,
      { authData: auth });
    assert.equal(recent[0].batch_id, started.batch_id);
  });

  it('halts on quota_exceeded instead of retrying', async () => {
    const tiny = { api_key: bridge.tiny.key, base_url: bridge.base };
    await appTester(App.creates.verify_email.operation.perform,
      { authData: tiny, inputData: { email: 'first@acme-widgets.com' } });
    await assert.rejects(
      appTester(App.creates.verify_email.operation.perform,
        { authData: tiny, inputData: { email: 'second@acme-widgets.com' } }),
      (e) => e.name === 'HaltedError' && /quota/.test(e.message),
    );
  });
});
