'use strict';

const authentication = require('./authentication');
const { includeApiKey, handleErrors } = require('./middleware');
const verifyEmail = require('./creates/verify_email');
const verifyList = require('./creates/verify_list');
const findVerification = require('./searches/find_verification');
const getBatch = require('./searches/get_batch');
const verificationCompleted = require('./triggers/verification_completed');
const batchCompleted = require('./triggers/batch_completed');

module.exports = {
  version: require('./package.json').version,
  platformVersion: require('zapier-platform-core').version,
  // core 19 turns every 429 into a retrying ThrottledError before afterResponse runs unless this
  // is false; quota_exceeded must halt instead of retrying until next month.
  flags: { throwForThrottlingEarly: false },
  authentication,
  beforeRequest: [includeApiKey],
  afterResponse: [handleErrors],
  hydrators: require('./hydrators'),
  triggers: {
    [verificationCompleted.key]: verificationCompleted,
    [batchCompleted.key]: batchCompleted,
  },
  searches: {
    [findVerification.key]: findVerification,
    [getBatch.key]: getBatch,
  },
  creates: {
    [verifyEmail.key]: verifyEmail,
    [verifyList.key]: verifyList,
  },
};
