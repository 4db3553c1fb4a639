import { mkdirSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { chromium, type Browser, type Page } from 'playwright-core';

import { SettableClock } from '@petition/clock';
import { CHROMIUM_ARGS, requireChromium } from '@petition/service-kit';

import { REGION } from '../src/fixtures';
import { startPlatform, token, type Platform } from '../src/harness';

// The hall's queue screen in a real browser: Debian's Chromium driven by playwright-core. It must
// show who is called to which window and how many wait, in Chinese, load nothing from outside the
// service (the hall's network has no internet), and follow a call within 2 seconds.
const CHROMIUM = requireChromium();
const DAY = '2026-03-05';

describe('live queue screen in headless Chromium', () => {
  const clock = new SettableClock(`${DAY}T09:00:00+08:00`);
  let p: Platform;
  let browser: Browser;
  let page: Page;
  let coordinator: string;
  let screenUrl: string;
  let stations: Record<string, string>;
  const requests: string[] = [];

  beforeAll(async () => {
    p = await startPlatform({ clock });
    coordinator = await token({ roles: ['HALL_COORDINATOR'], subject: 'coord-screen', jurisdiction: REGION });
    const gql = async (query: string, variables: Record<string, unknown> = {}) => {
      const r = await p.gql(coordinator, query, variables);
      if (r.errors) throw new Error(JSON.stringify(r.errors));
      return r.data;
    };
    const hallId = (
      await gql(`mutation { createHall(input: { code: "SCREEN", name: "西城区联合接访中心", regionCode: "${REGION}" }) { id } }`)
    ).createHall.id;
    stations = {};
    for (const [windowNo, code, label] of [
      ['1', 'D-HOUSING', '住建局'],
      ['2', 'D-LABOUR', '人社局'],
      ['3', 'D-EDU', '教育局'],
    ]) {
      const r = await gql(`mutation($i: StationInput!) { stationDepartment(input: $i) { id } }`, {
        i: { hallId, windowNo, departmentCode: code, label },
      });
      stations[code] = r.stationDepartment.id;
    }
    const roster = await gql(`mutation($i: RosterInput!) { planDutyRoster(input: $i) { id departmentCode } }`, {
      i: {
        hallId,
        serviceDate: DAY,
        shifts: ['D-HOUSING', 'D-LABOUR'].map((d) => ({
          stationId: stations[d],
          dutyRole: 'DUTY_OFFICER',
          staffRef: `o-${d}`,
          startsAt: '08:30',
          endsAt: '17:30',
        })),
      },
    });
    for (const shift of roster.planDutyRoster) await gql(`mutation($id: ID!) { checkInDuty(shiftId: $id) { id } }`, { id: shift.id });
    for (const [kind, headcount, department] of [
      ['INDIVIDUAL', 1, 'D-HOUSING'],
      ['INDIVIDUAL', 1, 'D-HOUSING'],
      ['COLLECTIVE', 7, 'D-LABOUR'],
      ['INDIVIDUAL', 1, 'D-EDU'],
      ['INDIVIDUAL', 2, null],
    ] as const) {
      await gql(`mutation($i: TicketInput!) { issueTicket(input: $i) { number } }`, {
        i: { hallId, visitKind: kind, headcount, ...(department ? { departmentCode: department } : {}) },
      });
    }
    const { hall } = await gql(`query($id: ID!) { hall(id: $id) { screenPath } }`, { id: hallId });
    screenUrl = `http://127.0.0.1:${p.reception.port}${hall.screenPath}`;

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [...CHROMIUM_ARGS],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 720 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page.on('request', (r) => requests.push(r.url()));
  });
  afterAll(async () => {
    await browser?.close();
    await p?.stop();
  });

  const cell = (windowNo: string, cls: string) => page.locator(`tr[data-window="${windowNo}"] td.${cls}`);

  it('shows the hall, each window with its waiting count, in Chinese', async () => {
    await page.goto(screenUrl);
    await page.locator('#windows tr').nth(2).waitFor();
    expect(await page.locator('#hall').textContent()).toBe('西城区联合接访中心 · 叫号屏');
    expect(await cell('1', 'waiting').textContent()).toBe('2');
    expect(await cell('2', 'waiting').textContent()).toBe('1');
    expect(await cell('3', 'serving').textContent()).toBe('暂停服务'); // nobody on duty at the education window
    expect(await page.locator('#waiting').textContent()).toBe('等候 5 号（待分派 1 号）');
    expect(await page.locator('#call').textContent()).toBe('请稍候');
  });

  it('follows a call within 2 seconds, over server-sent events', async () => {
    const started = Date.now();
    const called = await p.gql(coordinator, `mutation($s: ID!) { callNextTicket(stationId: $s) { number } }`, { s: stations['D-HOUSING'] });
    expect(called.data.callNextTicket.number).toBe('A001');
    await page.locator('#call[data-number="A001"]').waitFor({ timeout: 2000 });
    const elapsed = Date.now() - started;
    expect(await page.locator('#call').textContent()).toBe('请 A001 号到 1 号窗口');
    expect(await cell('1', 'serving').textContent()).toBe('A001');
    expect(await cell('1', 'waiting').textContent()).toBe('1');
    console.log(`queue screen followed the call in ${elapsed} ms (mutation through the gateway included)`);

    // The labour window takes its collective visit; the screen shows the latest call first.
    await p.gql(coordinator, `mutation($s: ID!) { callNextTicket(stationId: $s) { number } }`, { s: stations['D-LABOUR'] });
    await page.locator('#call[data-number="B003"]').waitFor({ timeout: 2000 });
    expect(await page.locator('#recent li').first().textContent()).toBe('A001 号 → 1 号窗口 住建局');
    expect(await page.locator('#waiting').textContent()).toBe('等候 3 号（待分派 1 号）');

    const file = process.env.UPDATE_SCREENSHOTS
      ? join(__dirname, '..', '..', 'docs', 'images', 'queue-screen.png')
      : join(tmpdir(), 'queue-screen.png');
    mkdirSync(join(file, '..'), { recursive: true });
    await page.screenshot({ path: file });
  });

  it('loaded nothing from outside the service, and a wrong key shows nothing', async () => {
    const origin = new URL(screenUrl).origin;
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((u) => !u.startsWith(origin))).toEqual([]);
    const wrong = await fetch(screenUrl.replace(/key=[^&]+/, 'key=wrong'));
    expect(wrong.status).toBe(404);
    const state = await fetch(screenUrl.replace('?', '/state?'));
    const body = (await state.json()) as Record<string, unknown>;
    // Ticket numbers, windows and counts only: nothing about any person.
    expect(Object.keys(body).sort()).toEqual(['calls', 'date', 'hall', 'totalWaiting', 'unassignedWaiting', 'updatedAt', 'windows']);
  });
});
