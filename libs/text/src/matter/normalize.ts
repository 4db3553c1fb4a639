import type * as OpenCC from 'opencc-js';
import Nzh from 'nzh';

// How a clerk reads a petition before comparing it with another: one script, one width, numbers as
// numbers. Traditional characters become simplified with OpenCC's tables (opencc-js, the JavaScript
// port of Open Chinese Convert: its Taiwan and Hong Kong character tables); NFKC folds
// full-width letters and digits; Chinese numerals become Arabic ones where they count something
// (二十八亩 → 28亩, 九十五万 → 95万, 二〇二一年 → 2021年, 八十多 → 80多, 一块五 → 1.5元), decoded
// by nzh. Numerals that are part of a word (一直, 统一, 万一, 三农) stay as they are.

// Characters only (OpenCC's phrase tables would also rewrite mainland words such as 文件 → 文档).
// Built on first use: a service that only compares keys never loads the tables.
let converters: Array<(text: string) => string> | undefined;

/** Traditional → simplified (Taiwan, then Hong Kong character variants). */
export function toSimplified(text: string): string {
  if (!converters) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
    const { Converter } = require('opencc-js') as typeof OpenCC;
    converters = [Converter({ from: 'tw', to: 'cn' }), Converter({ from: 'hk', to: 'cn' })];
  }
  return converters.reduce((t, convert) => convert(t), text);
}

const DIGIT: Record<string, string> = {
  〇: '0',
  零: '0',
  一: '1',
  二: '2',
  两: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
};
const FORMAL: Record<string, string> = {
  壹: '一',
  贰: '二',
  叁: '三',
  肆: '四',
  伍: '五',
  陆: '六',
  柒: '七',
  捌: '八',
  玖: '九',
  拾: '十',
  佰: '百',
  仟: '千',
};

// What a numeral counts: a measure word or unit right after it (多/余/来/几 may stand between).
const UNITS = '个口名人户亩年月日号天岁元块角毛分万亿次间套层平米栋幢楼组家所位辆台吨斤里周届期批条项笔份张倍成单元趟棵头只座处节级';
const NUMERAL = '零〇一二两三四五六七八九十百千万亿';
// 二〇二一年, 一九九八年: a digit-by-digit year.
const SPELLED_YEAR_RE = /[〇零一二三四五六七八九]{4}(?=年)/g;
// A numeral run before a unit; a run of only 一 before a non-unit is a word, not a number.
const NUMERAL_RE = new RegExp(`(?<![\\d.])[零〇一二两三四五六七八九十][${NUMERAL}]*(?=[多余来几]?[${UNITS}])`, 'g');
// 三千二, 一百二十: a number in words with no unit after it (a wage, a price said in passing).
const BARE_NUMERAL_RE =
  /(?<![\d.零〇一二两三四五六七八九十百千万亿])[一二两三四五六七八九][零〇一二两三四五六七八九十百千万亿]*[十百千万][零〇一二两三四五六七八九十百千万亿]*/g;
// 一块五 (1.5元): a colloquial price, read before the numerals around it run together.
const PRICE_RE = /([零一二两三四五六七八九十百]+|\d+)[块元]([一二三四五六七八九1-9])(?![\d十百千万多余个])/g;
// 三四个, 七八十户, 两三万: a range; the lower bound stands for it.
const RANGE_RE = /([一二两三四五六七八])([二三四五六七八九])(?=[十百千万多余个口名人户亩年月日天岁元块次间套])/g;
const ORDER = '一二三四五六七八九';
const rank = (c: string) => ORDER.indexOf(c === '两' ? '二' : c);

/** Decodes a Chinese numeral (二十八, 九十五万, 三千二, 两百) to a number; null when it is not one. */
export function decodeNumeral(raw: string): number | null {
  let s = raw.replace(/两/g, '二').replace(/〇/g, '零');
  // Colloquial tails: 三千二 = 3200, 一万五 = 15000, 两百五 = 250.
  const tail = /^(.*)([万千百])([一二三四五六七八九])$/.exec(s);
  if (tail && tail[1]) s = `${tail[1]}${tail[2]}${tail[3]}${{ 万: '千', 千: '百', 百: '十' }[tail[2]]}`;
  if (/^[零一二三四五六七八九]+$/.test(s) && s.length > 1) {
    // Digit by digit (一九九八, 二〇二一).
    return Number([...s].map((c) => DIGIT[c]).join(''));
  }
  const n = Nzh.cn.decodeS(s);
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : null;
}

function numeralToArabic(run: string): string {
  // 三千二一个月: a colloquial 3200 followed by the count of the next unit.
  const next = /^(.*[万千百][一二三四五六七八九])一$/.exec(run);
  if (next) return `${numeralToArabic(next[1])} 1`;
  // Keep 万/亿 as the unit it is in writing (九十五万 → 95万), so it reads as the Arabic form does.
  const m = /^(.*?)([万亿])$/.exec(run);
  if (m && m[1] && !/[万亿]/.test(m[1])) {
    const head = decodeNumeral(m[1]);
    return head === null ? run : `${head}${m[2]}`;
  }
  const n = decodeNumeral(run);
  return n === null ? run : String(n);
}

/**
 * The text as it is compared: simplified, half-width, lower case, Chinese numerals that count
 * something in Arabic digits, thousands separators removed. Punctuation is kept (it separates
 * words); the matcher drops it.
 */
export function normalizeMatterText(text: string): string {
  let t = toSimplified(text.normalize('NFKC')).toLowerCase();
  t = t.replace(/[壹贰叁肆伍陆柒捌玖拾佰仟]/g, (c) => FORMAL[c]);
  t = t.replace(SPELLED_YEAR_RE, (run) => [...run].map((c) => DIGIT[c]).join(''));
  t = t.replace(RANGE_RE, (all, a: string, b: string) => (rank(b) === rank(a) + 1 ? a : all));
  t = t.replace(PRICE_RE, (all, head: string, tenth: string) => {
    const n = /^\d+$/.test(head) ? Number(head) : decodeNumeral(head);
    return n === null ? all : `${n}.${DIGIT[tenth] ?? tenth}元`;
  });
  t = t.replace(NUMERAL_RE, numeralToArabic);
  t = t.replace(BARE_NUMERAL_RE, (run) => (run.length >= 3 ? numeralToArabic(run) : run));
  t = t.replace(/(\d),(?=\d{3})/g, '$1');
  return t;
}
