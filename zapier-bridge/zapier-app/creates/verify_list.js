'use strict';

const { base, flatten, batchSummary, batchSample, batchOutputFields } = require('../lib');
const { resultsCsv } = require('../hydrators');

/** Results above this many go out as a CSV file link instead of line items. */
const MAX_LINE_ITEMS = 500;

const emails = (inputData) => {
  const list = [].concat(inputData.emails || []);
  const text = String(inputData.emails_text || '');
  return list.concat(text.split(/\r?\n|,|;/)).map((e) => String(e).trim())
    .filter((e) => e.length > 0);
};

const perform = async (z, bundle) => {
  const list = emails(bundle.inputData);
  if (list.length === 0) {
    throw new z.errors.Error('mailvet: give at least one address (Emails or Email List)',
      'invalid_request', 400);
  }
  if (bundle.meta && bundle.meta.isLoadingSample) {
    return batchSample; // no callback while Zapier loads a sample
  }
  const response = await z.request({
    method: 'POST',
    url: `${base(bundle)}/api/v1/batches`,
    body: {
      emails: list,
      check_smtp: Boolean(bundle.inputData.check_smtp),
      callback_url: z.generateCallbackUrl(),
    },
  });
  return { ...batchSummary(response.data), waiting: true };
};

/** The bridge POSTed the finished batch to the callback URL: summary plus results. */
const performResume = async (z, bundle) => {
  const batch = bundle.cleanedRequest || {};
  const out = batchSummary(batch);
  const results = Array.isArray(batch.results) ? batch.results.filter(Boolean) : [];
  if (results.length <= MAX_LINE_ITEMS) {
    out.results = results.map(flatten);
  } else {
    out.results = [];
    out.results_file = z.dehydrateFile(resultsCsv, { batch_id: batch.batch_id });
  }
  return out;
};

module.exports = {
  key: 'verify_list',
  noun: 'List Verification',
  display: {
    label: 'Verify List of Email Addresses',
    description: 'Verifies up to 5,000 addresses as a batch and continues when all are checked.',
  },
  operation: {
    inputFields: [
      { key: 'emails', label: 'Emails', list: true, type: 'string' },
      {
        key: 'emails_text', label: 'Email List (one per line)', type: 'text',
        helpText: 'Addresses separated by new lines, commas or semicolons.',
      },
      { key: 'check_smtp', label: 'Ask the Mail Servers', type: 'boolean', default: 'false' },
    ],
    perform,
    performResume,
    sample: batchSample,
    outputFields: batchOutputFields,
  },
};
