import { type BulletinData, formatChange, renderBulletinHtml, yoy } from './bulletin';
import { sampleBulletinData } from './bulletin.sample';

// Markup to plain text, so sentences can be compared whatever tags sit inside them.
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe('formatChange', () => {
  it.each([
    [28.6, '上升28.6%'],
    [-12.9, '下降12.9%'],
    [0, '持平'],
    [null, '—'],
    [105, '上升105.0%'],
    [0.04, '持平'], // rounds to 0.0: no direction to report
    [-0, '持平'],
    [Number.NaN, '—'],
  ])('%p → %p', (change, expected) => {
    expect(formatChange(change)).toBe(expected);
  });
});

describe('yoy', () => {
  // Seed 002's figures and the changes the report printed.
  it.each([
    [63, 49, 28.6],
    [316, 363, -12.9],
    [169, 140, 20.7],
    [1930, 1802, 7.1],
    [149, 171, -12.9],
    [3902, 3780, 3.2],
    [5, 5, 0],
  ])('%d vs %d → %p', (current, previous, change) => {
    expect(yoy(current, previous)).toEqual({ current, previous, change });
  });

  it('has no change without a base', () => {
    expect(yoy(4, 0).change).toBeNull();
  });
});

describe('renderBulletinHtml', () => {
  const html = renderBulletinHtml(sampleBulletinData());

  it('is one standalone A4 document in a Chinese font', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('@page { size: A4; margin: 20mm');
    expect(html).toContain('font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif');
    expect(html).toContain('<h1>西城区2025年6月信访工作通报</h1>');
    expect(html).toMatch(/西城区信访局<\/span><span>2025年7月3日/); // issued 2025-07-03 09:30 China time
  });

  it('writes the headline as the source reports write it', () => {
    expect(text(html)).toContain('本期共受理信访事项63批316人，与去年同期49批363人相比，批数上升28.6%，人数下降12.9%。');
    expect(text(html)).toContain('赴省集体访169批1930人，与去年同期140批1802人相比，批数上升20.7%，人数上升7.1%');
    expect(text(html)).toContain('赴市集体访149批3902人，与去年同期171批3780人相比，批数下降12.9%，人数上升3.2%');
  });

  it('says when there is no base to compare with', () => {
    const d = sampleBulletinData();
    d.headline.batches = yoy(3, 0);
    d.headline.people = yoy(5, 0);
    expect(text(renderBulletinHtml(d))).toContain('本期共受理信访事项3批5人，去年同期为零。');
  });

  it('has the six sections in order', () => {
    const headings = [...html.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1]);
    expect(headings).toEqual(['一、总体情况', '二、分级情况', '三、问题类别', '四、各单位排名', '五、逾期未办结', '六、考核得分']);
  });

  it('draws the charts as inline SVG: one bar per category, two per level', () => {
    const d = sampleBulletinData();
    const categories = html.match(/<svg class="chart chart-categories"[\s\S]*?<\/svg>/)![0];
    const bars = [...categories.matchAll(/<rect class="bar" data-code="([^"]+)"/g)].map((m) => m[1]);
    expect(bars).toEqual(d.categoryShares.map((c) => c.code));
    // Bar widths follow the shares: 城乡建设 (23.8%) is the longest.
    const widths = [...categories.matchAll(/<rect class="bar"[^>]* width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(Math.max(...widths)).toBe(widths[0]);
    expect(categories).toContain('城乡建设');

    const levels = html.match(/<svg class="chart chart-levels"[\s\S]*?<\/svg>/)![0];
    expect(levels.match(/class="bar bar-current"/g)).toHaveLength(d.byLevel.length);
    expect(levels.match(/class="bar bar-previous"/g)).toHaveLength(d.byLevel.length);
    expect(levels).toContain('去年同期（2024年6月）');
  });

  it('loads nothing and runs nothing', () => {
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|\shref=|url\(/i);
  });

  it('escapes every string taken from the data', () => {
    const d = sampleBulletinData();
    const evil = '<script>alert("x")</script>';
    d.title = `${evil}通报`;
    d.issuer = evil;
    d.byLevel[0].label = evil;
    d.categoryShares[0].name = evil;
    d.categoryShares[0].code = `"><script>`;
    d.rankingsByBatches[0].unitName = evil;
    d.rankingsByPeople[0].unitName = evil;
    d.overdueByDepartment[0].departmentName = evil;
    d.scores[0].unitName = evil;
    const out = renderBulletinHtml(d);
    expect(out).not.toContain('<script');
    expect(out).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(out).toContain('data-code="&quot;&gt;&lt;script&gt;"');
  });

  it('marks veto units 一票否决 in the score table', () => {
    const rows = html.match(/<table class="scores">[\s\S]*?<\/table>/)![0].match(/<tr[^>]*>[\s\S]*?<\/tr>/g)!;
    const veto = rows.filter((r) => r.includes('一票否决'));
    expect(veto).toHaveLength(1);
    expect(veto[0]).toContain('清河镇');
    expect(veto[0]).toContain('class="veto"');
    expect(text(html)).toContain('清河镇本期实行一票否决');
  });

  it('keeps table rows and figures whole across pages', () => {
    expect(html).toMatch(/tr, th, td \{ break-inside: avoid;/);
    expect(html).toMatch(/figure \{[^}]*break-inside: avoid/);
  });

  it('renders a bulletin with nothing to report', () => {
    const d: BulletinData = {
      ...sampleBulletinData(),
      byLevel: [],
      categoryShares: [],
      rankingsByBatches: [],
      rankingsByPeople: [],
      overdueByDepartment: [],
      scores: [],
    };
    const out = text(renderBulletinHtml(d));
    expect(out).toContain('本期无分级统计数据。');
    expect(out).toContain('本期无逾期未办结信访事项。');
    expect(out).not.toContain('NaN');
    expect(out).not.toContain('Infinity');
  });
});
