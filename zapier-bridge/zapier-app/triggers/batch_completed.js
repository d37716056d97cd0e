'use strict';

const {
  base, batchSummary, batchSample, batchOutputFields, subscribeTo, unsubscribe,
} = require('../lib');

const performSubscribe = subscribeTo('batch.completed');

const perform = async (z, bundle) => [batchSummary(bundle.cleanedRequest.data)];

const performList = async (z, bundle) => {
  const response = await z.request({
    url: `${base(bundle)}/api/v1/batches`, params: { status: 'completed', limit: 3 },
  });
  return (response.data.batches || []).map(batchSummary);
};

module.exports = {
  key: 'batch_completed',
  noun: 'List Verification',
  display: {
    label: 'List Verification Completed',
    description: 'Triggers when a batch of addresses has been verified.',
  },
  operation: {
    type: 'hook',
    performSubscribe,
    performUnsubscribe: unsubscribe,
    perform,
    performList,
    sample: batchSample,
    outputFields: batchOutputFields,
  },
};
