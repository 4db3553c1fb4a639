// kubernetes-models and its @kubernetes-models/* helpers (with is-cidr and cidr-regex under their
// validator) ship ES modules only: jest runs CommonJS, so these packages are resolved with the
// "import" condition (jest.resolver.js) and compiled by swc like our own sources.
const base = require('../jest.config.base.js')(__dirname);

const [swcJest, swcOptions] = base.transform['^.+\\.ts$'];

module.exports = {
  ...base,
  transform: {
    ...base.transform,
    '^.+\\.js$': [swcJest, { ...swcOptions, jsc: { ...swcOptions.jsc, parser: { syntax: 'ecmascript' } } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(kubernetes-models|@kubernetes-models|is-cidr|cidr-regex)/)'],
  resolver: require.resolve('./jest.resolver.js'),
  // Nothing here shares a database or a broker (the base config's reason for one worker).
  maxWorkers: 2,
};
