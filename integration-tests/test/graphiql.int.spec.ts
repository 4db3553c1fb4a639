import { existsSync, readFileSync } from 'fs';
import { request } from 'http';
import { tmpdir } from 'os';
import { join } from 'path';

import { chromium, type Browser, type Page } from 'playwright-core';

import { parseGatewayEnvironment, startGateway } from '@petition/gateway';
import { CHROMIUM_ARGS, requireChromium } from '@petition/service-kit';

import { composedSupergraph, startPlatform, token, type Platform } from '../src/harness';

// GraphiQL served by the gateway for analysts on a network without the internet: in Debian's
// Chromium it must render, open with the examples of docs/api.md as tabs, load nothing from
// anywhere but the gateway, and run a query with the token pasted into its headers editor.
const CHROMIUM = requireChromium();
const EXAMPLES = join(__dirname, '..', '..', 'gateway', 'dist', 'graphiql-examples.json');

/** A raw GET: fetch() would resolve `..` in the path before sending it. */
function rawGet(base: string, path: string) {
  const { hostname, port } = new URL(base);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('offline GraphiQL on the gateway', () => {
  let p: Platform;
  let base: string;
  let browser: Browser;
  let page: Page;
  let examples: Array<{ title: string; query: string }>;
  const requests: string[] = [];

  beforeAll(async () => {
    if (!existsSync(EXAMPLES))
      throw new Error(`${EXAMPLES} is missing: run \`npm run build\` in gateway/ (it extracts docs/api.md's examples)`);
    examples = JSON.parse(readFileSync(EXAMPLES, 'utf8'));
    p = await startPlatform();
    base = p.gateway.url.replace(/\/graphql$/, '');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [...CHROMIUM_ARGS],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page.on('request', (r) => requests.push(r.url()));
    // Any script, style, font or request the Content-Security-Policy had to block.
    // (The browser's globals through globalThis: this package compiles without the DOM types.)
    await page.addInitScript(() => {
      const w = globalThis as any;
      w.cspViolations = [];
      w.document.addEventListener('securitypolicyviolation', (e: any) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
  });
  // GraphiQL's editors are CodeMirror 5 instances: typing into them would fight auto-closed brackets.
  const QUERY_EDITOR = '.graphiql-query-editor .CodeMirror';
  const HEADERS_EDITOR = '.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror';
  const RESPONSE_EDITOR = '.graphiql-response .CodeMirror';
  const editorValue = (selector: string) =>
    page.evaluate((s) => (globalThis as any).document.querySelector(s).CodeMirror.getValue() as string, selector);
  const setEditorValue = (selector: string, value: string) =>
    page.evaluate(([s, v]) => (globalThis as any).document.querySelector(s).CodeMirror.setValue(v), [selector, value] as const);

  afterAll(async () => {
    await browser?.close();
    await p?.stop();
  });

  it('serves the page with a strict policy, and only the four files', async () => {
    const res = await fetch(`${base}/graphiql`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'self' 'sha256-[^']+'(;|$)/);
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/https?:|\*|'unsafe-eval'/);
    const html = await res.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);

    const assets = [...html.matchAll(/(?:src|href)="(\/graphiql\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.map((a) => a.replace(/\?v=.*/, '')).sort()).toEqual(
      ['graphiql.min.css', 'graphiql.min.js', 'react-dom.production.min.js', 'react.production.min.js'].map((n) => `/graphiql/assets/${n}`),
    );
    for (const asset of assets) {
      const r = await fetch(`${base}${asset}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe(asset.includes('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8');
      expect(r.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const again = await fetch(`${base}${asset}`, { headers: { 'if-none-match': r.headers.get('etag')! } });
      expect(again.status).toBe(304);
    }

    for (const path of [
      '/graphiql/assets/../package.json',
      '/graphiql/assets/..%2Fpackage.json',
      '/graphiql/assets/%2e%2e/%2e%2e/package.json',
      '/graphiql/assets/graphiql.min.js.map',
      '/graphiql/assets/graphiql.js',
      '/graphiql/assets/',
      '/graphiql/package.json',
    ]) {
      expect([path, (await rawGet(base, path)).status]).toEqual([path, 404]);
    }
    expect((await fetch(`${base}/graphiql/assets/unknown.js`)).status).toBe(404);
    expect((await fetch(`${base}/graphiql`, { method: 'POST' })).status).toBe(405);
  });

  it('renders GraphiQL with the examples of docs/api.md as tabs', async () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
    await page.goto(`${base}/graphiql`);
    await page.locator('.graphiql-container .graphiql-query-editor .CodeMirror').waitFor();
    expect(await page.locator('.graphiql-tab').count()).toBe(examples.length);
    expect(await editorValue(QUERY_EDITOR)).toBe(`# ${examples[0].title}\n${examples[0].query}\n`);
    // The headers pane is open, with the placeholder to replace.
    expect(await page.locator('.graphiql-editor-tools button[data-name="headers"]').getAttribute('class')).toMatch(/\bactive\b/);
    expect(JSON.parse(await editorValue(HEADERS_EDITOR))).toEqual({
      authorization: 'Bearer <paste a token: npm run token -- --roles ANALYST --jur 3301>',
    });
  });

  it('runs a query with the token pasted into the headers editor', async () => {
    const analyst = await token({ roles: ['ANALYST'] });
    await page.locator('.graphiql-tab-add').click();
    // The new tab's editors are filled by GraphiQL after a render: wait for that before replacing them.
    await page.waitForFunction(
      (selector) => (globalThis as any).document.querySelector(selector).CodeMirror.getValue().startsWith('# 新标签页'),
      QUERY_EDITOR,
    );
    expect(await page.locator('.graphiql-tab').count()).toBe(examples.length + 1);
    expect(await page.locator('.graphiql-tab-active').textContent()).toContain('<untitled>');
    await page.locator('.graphiql-editor-tools button[data-name="headers"]').click();
    await setEditorValue(QUERY_EDITOR, '{ categories { code name } }');
    await setEditorValue(HEADERS_EDITOR, JSON.stringify({ authorization: `Bearer ${analyst}` }, null, 2));
    expect(await editorValue(QUERY_EDITOR)).toBe('{ categories { code name } }');
    await page.locator('.graphiql-execute-button').click();
    await page.waitForFunction(
      (selector) => (globalThis as any).document.querySelector(selector)?.CodeMirror.getValue().includes('"categories"'),
      RESPONSE_EDITOR,
      { timeout: 10_000 },
    );
    const result = JSON.parse(await editorValue(RESPONSE_EDITOR));
    expect(result.errors).toBeUndefined();
    expect(result.data.categories.length).toBeGreaterThan(0);
    expect(result.data.categories[0]).toEqual({ code: expect.any(String), name: expect.stringMatching(/[\u4e00-\u9fa5]/) });

    // GraphiQL saved the tabs and its history (after a debounce), but never the token.
    await page.waitForFunction(() => (globalThis as any).localStorage.getItem('graphiql:queries')?.includes('categories'));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const stored = await page.evaluate(() => JSON.stringify({ ...(globalThis as any).localStorage }));
    expect(stored).toContain('graphiql:tabState');
    expect(stored).not.toContain(analyst);
  });

  it('loads the schema with the token for the documentation explorer; its dialogs open', async () => {
    await page.locator('button[aria-label="Re-fetch GraphQL schema"]').click();
    await page.locator('button[aria-label="Show Documentation Explorer"]').click();
    await page.locator('.graphiql-doc-explorer a.graphiql-doc-explorer-type-name', { hasText: 'Query' }).first().click();
    await page.locator('.graphiql-doc-explorer', { hasText: 'categories' }).waitFor();
    await page.locator('button[aria-label="Open settings dialog"]').click();
    await page.locator('.graphiql-dialog', { hasText: 'Settings' }).waitFor();
    await page.keyboard.press('Escape');
    await page.locator('.graphiql-dialog').waitFor({ state: 'detached' });
    await page.screenshot({ path: join(tmpdir(), 'graphiql.png') });
  });

  it('loaded nothing from outside the gateway, and the policy blocked nothing', async () => {
    const origin = new URL(base).origin;
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((u) => !u.startsWith(`${origin}/`))).toEqual([]);
    expect(requests).toContain(`${origin}/graphql`);
    expect(await page.evaluate(() => (globalThis as any).cspViolations)).toEqual([]);
  });

  it('is not served with GRAPHIQL=false', async () => {
    const gateway = await startGateway({
      env: parseGatewayEnvironment({ PORT: '0', LOG_LEVEL: 'error', GRAPHIQL: 'false' }),
      supergraphSdl: await composedSupergraph(),
    });
    try {
      const off = gateway.url.replace(/\/graphql$/, '');
      expect((await fetch(`${off}/graphiql`)).status).toBe(404);
      expect((await fetch(`${off}/graphiql/assets/graphiql.min.js`)).status).toBe(404);
    } finally {
      await gateway.stop();
    }
  });
});
