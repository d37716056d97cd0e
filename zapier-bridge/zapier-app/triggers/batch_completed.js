'use strict';

const { base, batchSummary, batchSample, batchOutputFields } = require('../lib');

const EVENT = 'batch.completed';

const performSubscribe = async (z, bundle) => {
  const response = await z.request({
    method: 'POST',
    url: `${base(bundle)}/api/v1/hooks`,
    body: { url: bundle.targetUrl, event: EVENT },
  });
  return response.data;
};

const performUnsubscribe = async (z, bundle) => {
  const response = await z.request({
    method: 'DELETE',
    url: `${base(bundle)}/api/v1/hooks/${encodeURIComponent(bundle.subscribeData.id)}`,
  });
  return response.data;
};

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
    performUnsubscribe,
    perform,
    performList,
    sample: batchSample,
    outputFields: batchOutputFields,
  },
};
