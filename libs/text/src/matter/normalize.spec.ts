import { decodeNumeral, normalizeMatterText, toSimplified } from './normalize';

describe('normalizeMatterText', () => {
  it.each([
    ['我们二十八亩地', '我们28亩地'],
    ['八十多个工人两个月的工资', '80多个工人2个月的工资'],
    ['加起来九十五万左右', '加起来95万左右'],
    ['二〇二一年的补助', '2021年的补助'],
    ['一九九八年进厂', '1998年进厂'],
    ['一块五一斤', '1.5元1斤'],
    ['三四个人来过', '3个人来过'],
    ['七八十户', '70户'],
    ['两三万', '2万'],
    ['十几万', '10几万'],
    ['一个月三千二', '1个月3200'],
    ['五号楼', '5号楼'],
    ['贰拾万元', '20万元'],
    ['９６００元，9,600元', '9600元,9600元'],
    ['鑫达公司拖欠约95万元', '鑫达公司拖欠约95万元'],
  ])('%s → %s', (input, expected) => expect(normalizeMatterText(input)).toBe(expected));

  it('leaves numerals that are part of a word', () => {
    expect(normalizeMatterText('一直没有统一答复')).toBe('一直没有统一答复');
    expect(normalizeMatterText('三农政策')).toBe('三农政策');
  });

  it('makes traditional characters simplified without rewriting mainland words', () => {
    expect(toSimplified('東風村退耕還林補助款被截留')).toBe('东风村退耕还林补助款被截留');
    expect(toSimplified('县里文件，软件，信息')).toBe('县里文件，软件，信息');
  });
});

describe('decodeNumeral', () => {
  it.each([
    ['二十八', 28],
    ['九十五万', 950_000],
    ['两千三', 2300],
    ['三千二百', 3200],
    ['一百二十', 120],
    ['二〇二一', 2021],
  ])('%s = %d', (raw, n) => expect(decodeNumeral(raw)).toBe(n));
});
