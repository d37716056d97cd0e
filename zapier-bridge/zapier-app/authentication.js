'use strict';

const { base } = require('./lib');

module.exports = {
  type: 'custom',
  fields: [
    {
      key: 'api_key', label: 'API Key', required: true, type: 'password',
      helpText: 'A key of your mailvet bridge (`mv_live_…`, or `mv_test_…` for test mode),'
        + ' from `./mailvet keys create --name zapier`.',
    },
    {
      key: 'base_url', label: 'Bridge URL', required: true, type: 'string',
      helpText: 'Where your bridge runs, e.g. `https://mailvet.example.com`.',
    },
  ],
  test: async (z, bundle) => {
    const response = await z.request({ url: `${base(bundle)}/api/v1/me` });
    return response.data;
  },
  connectionLabel: '{{json.name}} ({{json.plan}})',
};
