import { chinaDate } from '@petition/clock';

import { yearOnYear } from '../stats/period';

// The monthly bulletin (信访工作通报/简报) as one standalone, printable HTML document: no script, no
// external resource, charts drawn here as inline SVG, so the same string prints to PDF offline and
// can be archived as it was issued.

export interface PeriodLabel {
  from: string; // 'YYYY-MM-DD'
  to: string; // 'YYYY-MM-DD'
  label: string; // '2025年6月'
}

// change = year-on-year percent, one decimal; null when the previous figure is 0 (no base).
export interface Change {
  current: number;
  previous: number;
  change: number | null;
}

export type BulletinLevel = 'NATIONAL' | 'PROVINCE' | 'CITY' | 'COUNTY' | 'TOWNSHIP';

export interface BulletinData {
  title: string; // '西城区2025年6月信访工作通报'
  issuer: string; // '西城区信访局'
  scope: { regionCode: string; name: string };
  period: PeriodLabel;
  previousPeriod: PeriodLabel; // the same period last year
  generatedAt: string; // ISO instant
  headline: {
    batches: Change;
    people: Change;
    collectiveBatches: Change;
    collectivePeople: Change;
    letters: number;
    visits: number;
    online: number;
  };
  // label is where the visits went, written as reports write it: 赴京, 赴省, 赴市, 到区, 到街道（乡镇）.
  byLevel: Array<{
    level: BulletinLevel;
    label: string;
    batches: Change;
    people: Change;
    collectiveBatches: Change;
    collectivePeople: Change;
  }>;
  categoryShares: Array<{ code: string; name: string; batches: number; people: number; share: number }>; // share = % of batches
  rankingsByBatches: Array<{ rank: number; unitCode: string; unitName: string; batches: number; people: number }>;
  rankingsByPeople: Array<{ rank: number; unitCode: string; unitName: string; batches: number; people: number }>;
  overdueByDepartment: Array<{ departmentCode: string; departmentName: string; overdue: number; open: number }>;
  scores: Array<{ rank: number; unitCode: string; unitName: string; score: number; deductions: number; veto: boolean }>;
}

const LEVEL_ORDER: BulletinLevel[] = ['NATIONAL', 'PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP'];
const SECTION_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const RED = '#c00000';
const GREY = '#9aa3ad';

/** Year-on-year change in percent, one decimal; null when there is no base (previous is 0). */
export function yoy(current: number, previous: number): Change {
  return { current, previous, change: yearOnYear(current, previous) };
}

/** '上升28.6%' / '下降12.9%' / '持平' / '—' (no base), as Chinese work reports write a change. */
export function formatChange(change: number | null): string {
  if (change === null || !Number.isFinite(change)) return '—';
  const abs = Math.round(Math.abs(change) * 10) / 10;
  if (abs === 0) return '持平';
  return `${change > 0 ? '上升' : '下降'}${abs.toFixed(1)}%`;
}

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

// Every number goes through here: a NaN from upstream prints as a dash, never as 'NaN'.
function num(n: number): string {
  return Number.isFinite(n) ? String(Math.round(n * 100) / 100) : '—';
}

function pct(n: number): string {
  return Number.isFinite(n) ? `${n.toFixed(1)}%` : '—';
}

// '2025-06-30' → '2025年6月30日'.
function civilDate(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : escapeHtml(day);
}

function periodRange(p: PeriodLabel): string {
  const from = civilDate(p.from);
  const to = civilDate(p.to);
  // Within one year the second date drops the year: 2025年6月1日至6月30日.
  return p.from.slice(0, 4) === p.to.slice(0, 4) ? `${from}至${to.replace(/^\d{4}年/, '')}` : `${from}至${to}`;
}

function issueDate(generatedAt: string): string {
  const d = new Date(generatedAt);
  return Number.isNaN(d.getTime()) ? escapeHtml(generatedAt) : civilDate(chinaDate(d));
}

// "赴京上访757批1088人，与去年同期493批853人相比，批数上升53.5%，人数上升27.6%" — subject is escaped HTML.
function yoyClause(subject: string, batches: Change, people: Change): string {
  const now = `${subject}${num(batches.current)}批${num(people.current)}人`;
  if (!batches.previous && !people.previous) return batches.current || people.current ? `${now}，去年同期为零` : `${now}，与去年同期持平`;
  const trend = (c: Change) => (c.change === null ? '无同期基数' : formatChange(c.change));
  return `${now}，与去年同期${num(batches.previous)}批${num(people.previous)}人相比，批数${trend(batches)}，人数${trend(people)}`;
}

// '居首位的是' / '居前两位的是' / '居前三位的是'.
function leaders(n: number): string {
  return n <= 1 ? '居首位的是' : `居前${['', '', '两', '三'][n] ?? n}位的是`;
}

// Chinese enumeration: 'a、b和c'.
function enumerate(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join('、')}和${items[items.length - 1]}`;
}

// --- charts: plain SVG strings; coordinates rounded so the markup stays small and stable ---

const r1 = (x: number) => Math.round(x * 10) / 10;

function niceScale(max: number, ticks = 5): { top: number; step: number } {
  if (!(max > 0)) return { top: 1, step: 1 };
  const raw = max / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10) * mag;
  return { top: Math.ceil(max / step - 1e-9) * step, step };
}

function categoryChart(categories: BulletinData['categoryShares']): string {
  const W = 640;
  const row = 26;
  const labelW = 120;
  const valueW = 120;
  const top = 6;
  const plotW = W - labelW - valueW - 10;
  const axisY = top + categories.length * row + 4;
  const H = axisY + 22;
  const { top: maxShare, step } = niceScale(Math.max(...categories.map((c) => c.share), 0), 4);
  const x0 = labelW + 10;
  const out: string[] = [];
  for (let t = 0; t <= maxShare + 1e-9; t += step) {
    const x = r1(x0 + (t / maxShare) * plotW);
    out.push(`<line x1="${x}" y1="${top}" x2="${x}" y2="${axisY}" class="grid"/>`);
    out.push(`<text x="${x}" y="${axisY + 16}" text-anchor="middle" class="tick">${num(t)}%</text>`);
  }
  categories.forEach((c, i) => {
    const y = top + i * row;
    const w = Number.isFinite(c.share) && c.share > 0 ? r1((c.share / maxShare) * plotW) : 0;
    out.push(`<text x="${labelW}" y="${y + 17}" text-anchor="end" class="label">${escapeHtml(c.name)}</text>`);
    out.push(
      `<rect class="bar" data-code="${escapeHtml(c.code)}" x="${x0}" y="${y + 5}" width="${w}" height="${row - 10}" fill="${RED}"/>`,
    );
    out.push(`<text x="${r1(x0 + w + 6)}" y="${y + 17}" class="value">${pct(c.share)}（${num(c.batches)}批${num(c.people)}人）</text>`);
  });
  out.push(`<line x1="${x0}" y1="${top}" x2="${x0}" y2="${axisY}" class="axis"/>`);
  return `<svg class="chart chart-categories" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="问题类别占比">${out.join('')}</svg>`;
}

function levelChart(levels: BulletinData['byLevel'], period: PeriodLabel, previous: PeriodLabel): string {
  const W = 640;
  const H = 250;
  const left = 48;
  const right = 10;
  const top = 34;
  const bottom = 30;
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const baseY = top + plotH;
  const { top: max, step } = niceScale(Math.max(...levels.flatMap((l) => [l.batches.current, l.batches.previous]), 0));
  const y = (v: number) => r1(baseY - (Number.isFinite(v) && v > 0 ? (v / max) * plotH : 0));
  const out: string[] = [];
  for (let t = 0; t <= max + 1e-9; t += step) {
    out.push(`<line x1="${left}" y1="${y(t)}" x2="${W - right}" y2="${y(t)}" class="grid"/>`);
    out.push(`<text x="${left - 6}" y="${r1(y(t) + 4)}" text-anchor="end" class="tick">${num(t)}</text>`);
  }
  const groupW = plotW / Math.max(levels.length, 1);
  const barW = Math.min(40, groupW * 0.3);
  levels.forEach((l, i) => {
    const cx = left + groupW * (i + 0.5);
    const bars: Array<[string, number, string]> = [
      ['current', l.batches.current, RED],
      ['previous', l.batches.previous, GREY],
    ];
    bars.forEach(([kind, v, fill], j) => {
      const x = r1(cx - barW - 2 + j * (barW + 4));
      const h = r1(baseY - y(v));
      out.push(
        `<rect class="bar bar-${kind}" data-level="${l.level}" x="${x}" y="${y(v)}" width="${r1(barW)}" height="${h}" fill="${fill}"/>`,
      );
      out.push(`<text x="${r1(x + barW / 2)}" y="${r1(y(v) - 4)}" text-anchor="middle" class="value">${num(v)}</text>`);
    });
    out.push(`<text x="${r1(cx)}" y="${baseY + 18}" text-anchor="middle" class="label">${escapeHtml(l.label)}</text>`);
  });
  out.push(`<line x1="${left}" y1="${baseY}" x2="${W - right}" y2="${baseY}" class="axis"/>`);
  out.push(`<text x="${left - 6}" y="${top - 16}" text-anchor="end" class="tick">批</text>`);
  // Legend, centred above the plot; an entry is as wide as its text (CJK and full-width 13px, others ~7.5px).
  const textW = (s: string) => [...s].reduce((w, ch) => w + (/[\u2e80-\uffef]/.test(ch) ? 13 : 7.5), 0);
  const entries: Array<[string, string]> = [
    [`本期（${period.label}）`, RED],
    [`去年同期（${previous.label}）`, GREY],
  ];
  const widths = entries.map(([t]) => 18 + textW(t));
  let lx = r1(left + (plotW - widths.reduce((a, b) => a + b, 0) - 24) / 2);
  entries.forEach(([t, fill], i) => {
    out.push(`<rect x="${lx}" y="6" width="12" height="12" fill="${fill}"/>`);
    out.push(`<text x="${r1(lx + 18)}" y="17" class="label">${escapeHtml(t)}</text>`);
    lx = r1(lx + widths[i] + 24);
  });
  return `<svg class="chart chart-levels" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="各层级信访批次同比">${out.join('')}</svg>`;
}

// --- sections ---

// A caption and its table, kept on one page when they fit (a longer table breaks between rows only).
function table(caption: string, headRows: string[], bodyRows: string[], className: string): string {
  return `<div class="table-block"><p class="caption">${caption}</p><table class="${className}"><thead>${headRows.join('')}</thead><tbody>${bodyRows.join('')}</tbody></table></div>`;
}

const para = (text: string) => `<p>${text}</p>`;
const none = (text: string) => `<p class="none">${text}</p>`;

function overview(d: BulletinData): string {
  const h = d.headline;
  const out = [
    para(`${yoyClause('本期共受理信访事项', h.batches, h.people)}。${yoyClause('其中集体访', h.collectiveBatches, h.collectivePeople)}。`),
    para(`从信访渠道看，来信${num(h.letters)}件，来访${num(h.visits)}批，网上信访${num(h.online)}件。`),
  ];
  return out.join('');
}

function levels(d: BulletinData): string {
  if (d.byLevel.length === 0) return none('本期无分级统计数据。');
  const rows = [...d.byLevel].sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level));
  // Collective visits are what the reports narrate level by level; the totals are in the chart and table.
  const clauses = rows.map((l) => yoyClause(`${escapeHtml(l.label)}集体访`, l.collectiveBatches, l.collectivePeople));
  const text = para(`从信访层级看，${clauses.join('；')}。各层级信访总量及同比情况见图1、表1。`);
  const bn = (b: Change, p: Change) => `${num(b.current)}/${num(p.current)}`;
  const bp = (b: Change, p: Change) => `${num(b.previous)}/${num(p.previous)}`;
  const cells = (b: Change, p: Change) =>
    `<td class="n">${bn(b, p)}</td><td class="n">${bp(b, p)}</td><td class="c">${formatChange(b.change)}</td><td class="c">${formatChange(p.change)}</td>`;
  const body = rows.map(
    (l) =>
      `<tr><th scope="row">${escapeHtml(l.label)}</th>${cells(l.batches, l.people)}${cells(l.collectiveBatches, l.collectivePeople)}</tr>`,
  );
  const head = [
    '<tr><th rowspan="2" class="w-level">层级</th><th colspan="4">信访总量（批/人）</th><th colspan="4">其中集体访（批/人）</th></tr>',
    '<tr><th>本期</th><th>去年同期</th><th>批数同比</th><th>人数同比</th><th>本期</th><th>去年同期</th><th>批数同比</th><th>人数同比</th></tr>',
  ];
  return [
    text,
    `<figure>${levelChart(rows, d.period, d.previousPeriod)}<figcaption>图1 各层级信访批次同比</figcaption></figure>`,
    table('表1 各层级信访情况', head, body, 'levels'),
  ].join('');
}

function categories(d: BulletinData): string {
  const cats = d.categoryShares;
  if (cats.length === 0) return none('本期无问题类别统计数据。');
  const top = [...cats].sort((a, b) => b.share - a.share).slice(0, 3);
  const parts = top.map((c) => `${escapeHtml(c.name)}类${num(c.batches)}批${num(c.people)}人，占${pct(c.share)}`);
  const sum = top.reduce((s, c) => s + c.share, 0);
  const text = para(`从问题类别看，反映问题${leaders(top.length)}：${parts.join('；')}${top.length > 1 ? `，合计占${pct(sum)}` : ''}。`);
  const body = cats.map(
    (c, i) =>
      `<tr><td class="c">${i + 1}</td><td>${escapeHtml(c.name)}</td><td class="n">${num(c.batches)}</td><td class="n">${num(c.people)}</td><td class="n">${pct(c.share)}</td></tr>`,
  );
  const head = [
    '<tr><th class="w-no">序号</th><th>问题类别</th><th class="w-num">批数</th><th class="w-num">人数</th><th class="w-num">占比</th></tr>',
  ];
  return [
    text,
    `<figure>${categoryChart(cats)}<figcaption>图2 问题类别占比（按批数）</figcaption></figure>`,
    table('表2 问题类别分布', head, body, 'categories'),
  ].join('');
}

function rankings(d: BulletinData): string {
  const lead = (rows: BulletinData['rankingsByBatches'], key: 'batches' | 'people', unit: string) =>
    enumerate(rows.slice(0, 3).map((r) => `${escapeHtml(r.unitName)}（${num(r[key])}${unit}）`));
  const parts: string[] = [];
  const n = (rows: unknown[]) => Math.min(rows.length, 3);
  if (d.rankingsByBatches.length)
    parts.push(`按信访批数排序，${leaders(n(d.rankingsByBatches))}${lead(d.rankingsByBatches, 'batches', '批')}`);
  if (d.rankingsByPeople.length) parts.push(`按信访人数排序，${leaders(n(d.rankingsByPeople))}${lead(d.rankingsByPeople, 'people', '人')}`);
  if (parts.length === 0) return none('本期无单位排名数据。');
  const side = (rows: BulletinData['rankingsByBatches'], caption: string, bold: 'batches' | 'people') =>
    `<div class="half">${table(
      caption,
      ['<tr><th class="w-no">名次</th><th>单位</th><th class="w-num">批数</th><th class="w-num">人数</th></tr>'],
      rows.map(
        (r) =>
          `<tr><td class="c">${num(r.rank)}</td><td>${escapeHtml(r.unitName)}</td><td class="n${bold === 'batches' ? ' key' : ''}">${num(r.batches)}</td><td class="n${bold === 'people' ? ' key' : ''}">${num(r.people)}</td></tr>`,
      ),
      'rankings',
    )}</div>`;
  return [
    para(`${parts.join('；')}。`),
    `<div class="pair">${side(d.rankingsByBatches, '表3 按批数排序', 'batches')}${side(d.rankingsByPeople, '表4 按人数排序', 'people')}</div>`,
  ].join('');
}

function overdue(d: BulletinData): string {
  const rows = d.overdueByDepartment;
  if (rows.length === 0) return none('本期无逾期未办结信访事项。');
  const open = rows.reduce((s, r) => s + r.open, 0);
  const late = rows.reduce((s, r) => s + r.overdue, 0);
  const worst = rows
    .filter((r) => r.overdue > 0)
    .sort((a, b) => b.overdue - a.overdue)
    .slice(0, 3);
  const text =
    late === 0
      ? `截至${civilDate(d.period.to)}，各单位在办信访事项${num(open)}件，均在办理期限内。`
      : `截至${civilDate(d.period.to)}，各单位在办信访事项${num(open)}件，其中逾期未办结${num(late)}件，涉及${rows.filter((r) => r.overdue > 0).length}个单位，逾期较多的是${enumerate(worst.map((r) => `${escapeHtml(r.departmentName)}（${num(r.overdue)}件）`))}。请相关单位抓紧办理，按期办结。`;
  const body = rows.map(
    (r, i) =>
      `<tr><td class="c">${i + 1}</td><td>${escapeHtml(r.departmentName)}</td><td class="n">${num(r.open)}</td><td class="n${r.overdue > 0 ? ' key' : ''}">${num(r.overdue)}</td><td class="n">${r.open > 0 ? pct((r.overdue / r.open) * 100) : '—'}</td></tr>`,
  );
  const head = [
    '<tr><th class="w-no">序号</th><th>责任单位</th><th class="w-num">在办件数</th><th class="w-num">逾期未办结</th><th class="w-num">逾期率</th></tr>',
  ];
  return [para(text), table('表5 逾期未办结信访事项', head, body, 'overdue')].join('');
}

function scores(d: BulletinData): string {
  const rows = d.scores;
  if (rows.length === 0) return none('本期无考核得分数据。');
  const ranked = rows.filter((r) => !r.veto);
  const vetoed = rows.filter((r) => r.veto);
  const parts: string[] = [];
  if (ranked.length)
    parts.push(
      `考核得分${leaders(Math.min(ranked.length, 3))}${enumerate(ranked.slice(0, 3).map((r) => `${escapeHtml(r.unitName)}（${num(r.score)}分）`))}`,
    );
  if (vetoed.length) parts.push(`${enumerate(vetoed.map((r) => escapeHtml(r.unitName)))}本期实行一票否决`);
  const body = rows.map(
    (r) =>
      `<tr${r.veto ? ' class="veto"' : ''}><td class="c">${num(r.rank)}</td><td>${escapeHtml(r.unitName)}</td><td class="n">${num(r.score)}</td><td class="n">${num(r.deductions)}</td><td class="c">${r.veto ? '<strong>一票否决</strong>' : ''}</td></tr>`,
  );
  const head = [
    '<tr><th class="w-no">名次</th><th>单位</th><th class="w-num">得分</th><th class="w-num">扣分</th><th class="w-remark">备注</th></tr>',
  ];
  return [para(`${parts.join('；')}。`), table('表6 考核得分', head, body, 'scores')].join('');
}

const STYLE = `
@page { size: A4; margin: 20mm 20mm 22mm; @bottom-center { content: "— " counter(page) " —"; font: 10pt "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif; color: #333; } }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif; font-size: 12pt; line-height: 1.75; color: #111; }
@media screen { body { width: 170mm; margin: 12mm auto; } }
header.masthead { text-align: center; margin-bottom: 5mm; }
h1 { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, "WenQuanYi Micro Hei", serif; font-weight: bold; font-size: 24pt; line-height: 1.35; letter-spacing: 0.04em; color: ${RED}; margin: 2mm 0 5mm; }
.issue-line { display: flex; justify-content: space-between; font-size: 12pt; padding: 0 1mm 1.5mm; border-bottom: 2.5pt solid ${RED}; }
.issue-rule { border-bottom: 0.75pt solid ${RED}; margin-top: 0.8mm; }
.period-note { text-align: center; font-size: 10.5pt; color: #333; margin: 3mm 0 2mm; text-indent: 0; }
h2 { font-size: 14pt; font-weight: bold; margin: 5mm 0 1.5mm; text-indent: 2em; break-after: avoid; }
p { margin: 0 0 1.5mm; text-indent: 2em; text-align: justify; }
p.caption { text-indent: 0; text-align: center; font-size: 10.5pt; font-weight: bold; margin: 3mm 0 1mm; break-after: avoid; }
p.none { color: #333; }
table { width: 100%; border-collapse: collapse; font-size: 10pt; line-height: 1.4; margin: 0 0 3mm; }
thead { display: table-header-group; }
tr, th, td { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.75pt solid #333; padding: 1.2mm 1.5mm; }
th { background: #f1f1f1; font-weight: bold; text-align: center; white-space: nowrap; }
tbody th { background: none; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.c { text-align: center; white-space: nowrap; }
td.key { font-weight: bold; }
th.w-no { width: 11mm; }
th.w-level { width: 16mm; }
th.w-num { width: 24mm; }
.half th.w-num { width: 15mm; }
th.w-remark { width: 30mm; }
.table-block { break-inside: avoid; }
p:has(+ .table-block), p:has(+ figure), p:has(+ .pair) { break-after: avoid; break-inside: avoid; }
table.levels { font-size: 9.5pt; }
table.levels th, table.levels td { padding: 1mm 1.2mm; }
tr.veto td { color: ${RED}; }
.pair { display: flex; gap: 6mm; break-inside: avoid; }
.half { flex: 1 1 0; min-width: 0; }
figure { margin: 2mm 0 3mm; break-inside: avoid; text-align: center; }
figcaption { font-size: 10.5pt; font-weight: bold; margin-top: 0.5mm; }
svg.chart { display: block; max-width: 170mm; margin: 0 auto; }
svg.chart text { font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif; fill: #111; }
svg.chart .label { font-size: 13px; }
svg.chart .value { font-size: 12px; }
svg.chart .tick { font-size: 11px; fill: #444; }
svg.chart .grid { stroke: #d5d5d5; stroke-width: 0.8; }
svg.chart .axis { stroke: #333; stroke-width: 1; }
section { break-inside: auto; }
footer.colophon { margin-top: 10mm; border-top: 0.75pt solid #333; border-bottom: 0.75pt solid #333; padding: 1.5mm 1mm; font-size: 10pt; color: #333; display: flex; justify-content: space-between; break-inside: avoid; }
`;

export function renderBulletinHtml(data: BulletinData): string {
  const sections: Array<[string, string]> = [
    ['总体情况', overview(data)],
    ['分级情况', levels(data)],
    ['问题类别', categories(data)],
    ['各单位排名', rankings(data)],
    ['逾期未办结', overdue(data)],
    ['考核得分', scores(data)],
  ];
  const body = sections.map(([heading, html], i) => `<section><h2>${SECTION_NUMERALS[i]}、${heading}</h2>${html}</section>`).join('\n');
  const issued = issueDate(data.generatedAt);
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(data.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header class="masthead">
<h1>${escapeHtml(data.title)}</h1>
<div class="issue-line"><span>${escapeHtml(data.issuer)}</span><span>${issued}</span></div>
<div class="issue-rule"></div>
</header>
<p class="period-note">统计时段：${periodRange(data.period)}；同比对照：${periodRange(data.previousPeriod)}</p>
${body}
<footer class="colophon"><span>${escapeHtml(data.issuer)}</span><span>${issued}印发</span></footer>
</body>
</html>
`;
}
