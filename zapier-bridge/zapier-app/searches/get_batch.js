'use strict';

const { base, batchSummary, batchSample, batchOutputFields } = require('../lib');

const perform = async (z, bundle) => {
  const response = await z.request({
    url: `${base(bundle)}/api/v1/batches/${encodeURIComponent(bundle.inputData.batch_id)}`,
    skipThrowForStatus: true,
  });
  if (response.status === 404) {
    return [];
  }
  return [batchSummary(response.data)];
};

module.exports = {
  key: 'get_batch',
  noun: 'List Verification',
  display: { label: 'Find List Verification', description: 'Finds a batch by its ID.' },
  operation: {
    inputFields: [{ key: 'batch_id', label: 'Batch ID', required: true, type: 'string' }],
    perform,
    sample: batchSample,
    outputFields: batchOutputFields,
  },
};
