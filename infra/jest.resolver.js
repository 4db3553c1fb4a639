// kubernetes-models and @kubernetes-models/* publish ES modules behind "import"-only package exports,
// which jest's CommonJS resolver does not match: resolve those packages with the "import" condition
// (swc then compiles them to CommonJS, see jest.config.js). Everything else resolves as usual.
const ESM_ONLY = /^(kubernetes-models|@kubernetes-models\/[^/]+)(\/|$)/;

module.exports = (request, options) =>
  options.defaultResolver(request, ESM_ONLY.test(request) ? { ...options, conditions: ['import', 'default'] } : options);
