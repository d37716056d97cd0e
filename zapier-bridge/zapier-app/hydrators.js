'use strict';

const { base } = require('./lib');

/** Hydrates the results CSV of a big batch when a later step asks for the file. */
const resultsCsv = async (z, bundle) => {
  const response = await z.request({
    url: `${base(bundle)}/api/v1/batches/${encodeURIComponent(bundle.inputData.batch_id)}`
      + '/results?format=csv&limit=5000',
    raw: true,
  });
  return z.stashFile(response);
};

module.exports = { resultsCsv };
