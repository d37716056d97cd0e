'use strict';

const {
  base, flatten, resultOutputFields, resultSample, subscribeTo, unsubscribe,
} = require('../lib');

const performSubscribe = subscribeTo('verification.completed');

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
    performUnsubscribe: unsubscribe,
    perform,
    performList,
    sample: resultSample,
    outputFields: resultOutputFields,
  },
};
