'use strict';

const { base, flatten, resultOutputFields, resultSample } = require('../lib');

const perform = async (z, bundle) => {
  const response = await z.request({
    method: 'POST',
    url: `${base(bundle)}/api/v1/validate-email`,
    body: {
      email: bundle.inputData.email,
      check_smtp: Boolean(bundle.inputData.check_smtp),
    },
  });
  return flatten(response.data);
};

module.exports = {
  key: 'verify_email',
  noun: 'Verification',
  display: {
    label: 'Verify Email Address',
    description: 'Checks whether an email address should be accepted: syntax, disposable, typo,'
      + ' DNS and (optionally) the mailbox, with a status, a score and the reason.',
  },
  operation: {
    inputFields: [
      { key: 'email', label: 'Email', required: true, type: 'string' },
      {
        key: 'check_smtp', label: 'Ask the Mail Server', type: 'boolean', default: 'false',
        helpText: 'Also ask the mail server whether the mailbox exists (slower; the bridge must'
          + ' run with `--smtp`).',
      },
    ],
    perform,
    sample: resultSample,
    outputFields: resultOutputFields,
  },
};
