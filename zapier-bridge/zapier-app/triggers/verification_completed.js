'use strict';

const { base, flatten, resultOutputFields, resultSample } = require('../lib');

const EVENT = 'verification.completed';

const performSubscribe = async (z, bundle) => {
  const response = await z.request({
    method: 'POST',
    url: `${base(bundle)}/api/v1/hooks`,
    body: { url: bundle.targetUrl, event: EVENT },
  });
  return response.data; // {id, url, event, created_at}: Zapier keeps it as subscribeData
};

const performUnsubscribe = async (z, bundle) => {
  const response = await z.request({
    method: 'DELETE',
    url: `${base(bundle)}/api/v1/hooks/${encodeURIComponent(bundle.subscribeData.id)}`,
  });
  return response.data;
};

/** What the bridge delivered: {"type", "timestamp", "data": result}. */
const perform = async (z, bundle) => [flatten(bundle.cleanedRequest.data)];

const performList = async (z, bundle) => {
  const response = await z.request({
    url: `${base(bundle)}/api/v1/verifications`, params: { limit: 3 },
  });
  return (response.data.verifications || []).map(flatten);
};

module.exports = {
  key: 'verification_completed',
  noun: 'Verification',
  display: {
    label: 'Verification Completed',
    description: 'Triggers when the bridge finishes verifying an address (single or in a list).',
  },
  operation: {
    type: 'hook',
    performSubscribe,
    performUnsubscribe,
    perform,
    performList,
    sample: resultSample,
    outputFields: resultOutputFields,
  },
};
