// GraphiQL served by the gateway itself, for networks without the internet (Apollo Sandbox loads
// from a CDN). The page loads four files from node_modules and nothing else: React, ReactDOM and
// GraphiQL's UMD bundle and stylesheet (its fonts are inlined as data: URLs). A Content-Security-
// Policy keeps it that way: no script, style, font or request from another origin.
import { createHash } from 'crypto';
import { existsSync, readFileSync } from 'fs';
import type { IncomingMessage, ServerResponse } from 'http';
import { dirname, join } from 'path';
import { promisify } from 'util';
import { gzip } from 'zlib';

import type { Logger } from '@petition/service-kit';
import { send } from '@petition/service-kit';

import { isExampleList, type GraphiqlExample } from './graphiql-examples';
import { REPO_ROOT } from './subgraphs';

export const GRAPHIQL_PATH = '/graphiql';
const ASSET_PREFIX = `${GRAPHIQL_PATH}/assets/`;
/** Written by the build (`node dist/graphiql-examples-cli.js`) from docs/api.md. */
export const GRAPHIQL_EXAMPLES_FILE = join(REPO_ROOT, 'gateway', 'dist', 'graphiql-examples.json');
export const GRAPHIQL_TOKEN_HINT = 'Bearer <paste a token: npm run token -- --roles ANALYST --jur 3301>';

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
/** Every file the page may load: these four, by exact name, and nothing else. */
const ASSET_SOURCES = {
  'react.production.min.js': { pkg: 'react', file: 'umd/react.production.min.js', type: JS },
  'react-dom.production.min.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: JS },
  'graphiql.min.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: JS },
  'graphiql.min.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: CSS },
} as const;
type AssetName = keyof typeof ASSET_SOURCES;

interface Asset {
  body: Buffer;
  type: string;
  hash: string;
  /** Content hash in the page's links: a new version is a new URL, so the files can be cached for a year. */
  version: string;
  gzipped?: Promise<Buffer>;
}

let assetCache: Map<string, Asset> | undefined;

/** Read once per process. `react/umd/…` is not in react's package exports, hence resolving package.json. */
function loadAssets(): Map<string, Asset> {
  if (assetCache) return assetCache;
  const assets = new Map<string, Asset>();
  for (const [name, { pkg, file, type }] of Object.entries(ASSET_SOURCES)) {
    const path = join(dirname(require.resolve(`${pkg}/package.json`)), file);
    // The source maps are not served: drop the comment that would make a browser's devtools ask for them.
    const text = readFileSync(path, 'utf8').replace(/\n(?:\/\/# sourceMappingURL=\S+|\/\*# sourceMappingURL=\S+ ?\*\/)\s*$/, '\n');
    const body = Buffer.from(text, 'utf8');
    const hash = createHash('sha256').update(body).digest('base64url');
    assets.set(name, { body, type, hash, version: hash.slice(0, 12) });
  }
  assetCache = assets;
  return assets;
}

export interface GraphiqlOptions {
  /** Example tabs; `loadGraphiqlExamples()` reads the build's. */
  examples?: GraphiqlExample[];
  /** Where the page sends its operations. */
  graphqlPath?: string;
  /** The headers editor's initial text (a JSON object). */
  headers?: string;
}

/** The examples the build extracted from docs/api.md; none when the file is missing (not built) or not a list. */
export function loadGraphiqlExamples(file = GRAPHIQL_EXAMPLES_FILE, logger?: Logger): GraphiqlExample[] {
  if (!existsSync(file)) {
    logger?.warn('no GraphiQL examples: run `npm run build` in gateway/', { file });
    return [];
  }
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (isExampleList(value)) return value;
    logger?.warn('GraphiQL examples ignored: not a list of examples', { file });
  } catch (error) {
    logger?.warn('GraphiQL examples ignored', { file, error: String(error) });
  }
  return [];
}

// Runs in the browser. Constant, so the policy can allow it by its hash; the data it needs is in
// the JSON block before it, which the browser never executes.
// Tokens stay out of localStorage: shouldPersistHeaders keeps them out of the tabs, and the storage
// below drops the headers GraphiQL would otherwise save with every entry of its history.
const BOOTSTRAP = `
(function () {
  var config = JSON.parse(document.getElementById('graphiql-config').textContent);
  var prefix = 'graphiql:';
  function withoutHeaders(key, value) {
    if (key !== prefix + 'queries' && key !== prefix + 'favorites') return value;
    try {
      var stored = JSON.parse(value);
      var name = key.slice(prefix.length);
      stored[name] = (stored[name] || []).map(function (item) {
        var copy = Object.assign({}, item);
        delete copy.headers;
        return copy;
      });
      return JSON.stringify(stored);
    } catch (error) {
      return null;
    }
  }
  var storage = {
    getItem: function (key) { return localStorage.getItem(key); },
    setItem: function (key, value) {
      var kept = withoutHeaders(key, value);
      if (kept === null) localStorage.removeItem(key);
      else localStorage.setItem(key, kept);
    },
    removeItem: function (key) { localStorage.removeItem(key); },
    clear: function () {
      Object.keys(localStorage).forEach(function (key) { if (key.indexOf(prefix) === 0) localStorage.removeItem(key); });
    },
    get length() {
      return Object.keys(localStorage).filter(function (key) { return key.indexOf(prefix) === 0; }).length;
    }
  };
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      fetcher: GraphiQL.createFetcher({ url: config.url }),
      storage: storage,
      defaultTabs: config.tabs,
      defaultHeaders: config.headers,
      defaultQuery: config.defaultQuery,
      defaultEditorToolsVisibility: 'headers',
      shouldPersistHeaders: false
    })
  );
})();
`;
const STYLE = 'html, body, #graphiql { height: 100%; margin: 0; }';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * Scripts: the four files and the bootstrap above by its hash; no eval (GraphiQL needs none).
 * Styles: GraphiQL's dialogs (Radix) insert <style> elements with computed CSS and no nonce we
 * could give them, so inline style elements are allowed; style attributes are not (React and
 * CodeMirror set styles through the DOM, which the policy does not govern). `style-src` is the
 * fallback for a browser without the -elem/-attr directives.
 */
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  `script-src 'self' ${sha256(BOOTSTRAP)}`,
  "style-src 'self' 'unsafe-inline'",
  "style-src-elem 'self' 'unsafe-inline'",
  "style-src-attr 'none'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** JSON inside <script type="application/json">: nothing in it may close the element or start markup. */
function jsonForHtml(value: unknown) {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function renderPage(assets: Map<string, Asset>, options: Required<GraphiqlOptions>) {
  const href = (name: AssetName) => `${ASSET_PREFIX}${name}?v=${assets.get(name)!.version}`;
  const config = {
    url: options.graphqlPath,
    headers: options.headers,
    defaultQuery: '# 新标签页：在此编写查询，Ctrl-Enter 执行\n{\n  categories {\n    code\n    name\n  }\n}\n',
    // GraphiQL without tabs of its own shows a blank one with its English welcome text.
    tabs: options.examples.length
      ? options.examples.map((e) => ({
          query: `# ${e.title}\n${e.query}\n`,
          headers: options.headers,
          ...(e.variables ? { variables: e.variables } : {}),
        }))
      : undefined,
  };
  return `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <title>GraphiQL · 信访平台</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${href('graphiql.min.css')}" />
    <style>${STYLE}</style>
  </head>
  <body>
    <div id="graphiql">正在加载 GraphiQL…</div>
    <noscript>GraphiQL 需要启用 JavaScript。</noscript>
    <script type="application/json" id="graphiql-config">${jsonForHtml(config)}</script>
    <script src="${href('react.production.min.js')}"></script>
    <script src="${href('react-dom.production.min.js')}"></script>
    <script src="${href('graphiql.min.js')}"></script>
    <script>${BOOTSTRAP}</script>
  </body>
</html>
`;
}

const gzipAsync = promisify(gzip);

/**
 * Routes for startHttpServer: `GET /graphiql` (the page) and `GET /graphiql/assets/<name>` (the
 * four files, by exact name: no path is ever built from the request). Served before the bearer
 * token check: the page and the files are public, the operations it sends to /graphql are not.
 */
export function graphiqlRoutes(options: GraphiqlOptions = {}) {
  const assets = loadAssets();
  const page = Buffer.from(
    renderPage(assets, {
      examples: options.examples ?? [],
      graphqlPath: options.graphqlPath ?? '/graphql',
      headers: options.headers ?? JSON.stringify({ authorization: GRAPHIQL_TOKEN_HINT }),
    }),
    'utf8',
  );

  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== GRAPHIQL_PATH && !path.startsWith(`${GRAPHIQL_PATH}/`)) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      send(res, 405, { error: 'method not allowed' });
      return true;
    }
    res.setHeader('x-content-type-options', 'nosniff');
    if (path === GRAPHIQL_PATH || path === `${GRAPHIQL_PATH}/`) {
      res.setHeader('content-security-policy', GRAPHIQL_CSP);
      res.setHeader('referrer-policy', 'no-referrer');
      res.setHeader('x-frame-options', 'DENY');
      res.setHeader('cache-control', 'no-cache');
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.setHeader('content-length', page.length);
      res.end(req.method === 'HEAD' ? undefined : page);
      return true;
    }
    const asset = path.startsWith(ASSET_PREFIX) ? assets.get(path.slice(ASSET_PREFIX.length)) : undefined;
    if (!asset) {
      send(res, 404, { error: 'not found' });
      return true;
    }
    // 3.5 MB of GraphiQL is about 0.7 MB compressed: compressed once, on first demand.
    const gzipped = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const etag = gzipped ? `"${asset.hash}-gzip"` : `"${asset.hash}"`;
    res.setHeader('content-type', asset.type);
    res.setHeader('cache-control', 'public, max-age=31536000, immutable');
    res.setHeader('etag', etag);
    res.setHeader('vary', 'accept-encoding');
    if (req.headers['if-none-match'] === etag) {
      res.statusCode = 304;
      res.end();
      return true;
    }
    let body = asset.body;
    if (gzipped) {
      asset.gzipped ??= gzipAsync(asset.body, { level: 9 });
      body = await asset.gzipped;
      res.setHeader('content-encoding', 'gzip');
    }
    res.setHeader('content-length', body.length);
    res.statusCode = 200;
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
