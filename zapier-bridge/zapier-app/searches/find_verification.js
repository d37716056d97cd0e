'use strict';

const { base, flatten, resultOutputFields, resultSample } = require('../lib');

const perform = async (z, bundle) => {
  const response = await z.request({
    url: `${base(bundle)}/api/v1/verifications`,
    params: { email: bundle.inputData.email, limit: 10 },
  });
  return (response.data.verifications || []).map(flatten); // newest first; [] when none
};

module.exports = {
  key: 'find_verification',
  noun: 'Verification',
  display: {
    label: 'Find Verification',
    description: 'Finds the latest verifications of an address (within the retention period).',
  },
  operation: {
    inputFields: [{ key: 'email', label: 'Email', required: true, type: 'string' }],
    perform,
    sample: resultSample,
    outputFields: resultOutputFields,
  },
};
