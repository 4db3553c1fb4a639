import { type Rng } from './rng';

// Generated proper names. Two-character stems from two pools (~8,000 combinations) plus a kind
// word give tens of thousands of names per kind, so a 100,000-petition corpus never has to reuse
// one: place-like names (estates, villages, roads, schools…) are unique within a city, names of
// organisations (companies, factories, hospitals, schools) are unique in the whole corpus by their
// stem (brand + trade, without 有限公司/厂/公司), so no normalisation of the organisation field can
// make two of them equal. No pool character is a normalisation filler (的了着呢吧啊吗呀哦也都我) or a
// Chinese numeral, so normalizeText never damages a name.

const FIRST = Array.from(
  new Set(
    Array.from(
      '宏华鑫金永恒盛泰瑞嘉兴隆昌顺福康安德丰源诚信新天宇通达博远汇聚佳豪凯航锦绣阳翠碧云海星辰明东南西北长青松柏红旭升辉美丽江湖山林森荣富吉祥和益众力创夏振威正鸿鹏飞腾龙凤景怡悦欣雅静清润泽晟煜朗骏茂盈',
    ),
  ),
);
const SECOND = Array.from(
  new Set(
    Array.from(
      '达源兴盛华泰丰隆昌鑫发城园苑庭府湾岸港桥亭台阁轩林森峰岭川河湖海洲江涛澜波晖辉光明阳晨曦星月霞云天宇宁安康和平顺祥福瑞嘉佳美秀丽翠锦绣雅韵辰泓润鼎通利信诚德正豪凯',
    ),
  ),
);
const SURNAMES = Array.from(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范石廖贾韦付方白邹孟熊秦邱尹薛闫段雷侯史陶黎贺顾毛郝龚邵钱严覃武戴莫孔向汤',
);
const VILLAGE_SUFFIX = Array.from('家庄营屯店湾坪岗桥塘集寨堡坝沟洼园岭');
const DIRECTIONS = Array.from('东西南北前后上下大小');

export const ESTATE_KINDS = [
  '花园',
  '家园',
  '新城',
  '公寓',
  '名苑',
  '雅苑',
  '华府',
  '景园',
  '佳苑',
  '新村',
  '山庄',
  '水岸',
  '丽都',
  '嘉园',
  '公馆',
  '御府',
];
export const CONSTRUCTION_TRADES = ['建筑', '建设', '建工', '路桥', '市政工程', '建筑劳务', '装饰工程'];
export const DEVELOPER_TRADES = ['房地产开发', '置业', '地产', '房地产'];
export const PROPERTY_TRADES = ['物业服务', '物业管理', '物业'];
export const HEATING_TRADES = ['热力', '供热', '热电'];
export const INVESTMENT_TRADES = ['投资', '资产管理', '财富管理', '投资咨询', '融资担保', '商贸'];
export const AGRI_TRADES = ['农业开发', '生态农业', '种植专业合作社', '农业科技'];
export const APPRAISAL_TRADES = ['房地产评估', '资产评估', '土地评估'];
export const FACTORY_PRODUCTS = [
  '机械',
  '服装',
  '纺织',
  '化工',
  '造纸',
  '水泥',
  '印染',
  '电镀',
  '塑料',
  '五金',
  '食品',
  '家具',
  '皮革',
  '铸造',
  '化肥',
  '玻璃',
  '陶瓷',
  '制药',
];
export const POLLUTING_PRODUCTS = ['化工', '造纸', '水泥', '印染', '电镀', '皮革', '铸造', '化肥', '制药', '玻璃', '陶瓷'];
const HOSPITAL_KINDS = ['人民医院', '中医院', '骨科医院', '妇幼保健院', '中心卫生院', '中西医结合医院', '第一人民医院', '康复医院'];
const SCHOOL_KINDS = ['小学', '中学', '实验小学', '实验中学', '初级中学', '中心小学', '中心幼儿园'];
const PROJECT_KINDS = ['安置房', '商业综合体', '保障房', '产业园', '污水处理厂', '体育馆', '棚改安置小区', '商住楼', '物流园', '农贸市场'];
const AREA_KINDS = ['片区', '地块', '棚户区', '老街片区', '旧城改造区'];
const ROAD_KINDS = ['路', '大道', '街', '东路', '西路'];
const RIVER_KINDS = ['河', '溪', '港'];
const UNIT_KINDS = ['粮站', '供销社', '农机站', '食品站', '化肥厂', '农具厂', '酒厂', '砖瓦厂', '运输公司', '百货公司'];

export class Names {
  private readonly used = new Map<string, Set<string>>();

  constructor(private readonly rng: Rng) {}

  private stem(): string {
    for (;;) {
      const a = this.rng.pick(FIRST);
      const b = this.rng.pick(SECOND);
      if (a !== b) return a + b;
    }
  }

  /** Draws from `gen` until `key(name)` has not been used in `scope`. */
  private unique(scope: string, gen: () => string, key: (s: string) => string = (s) => s): string {
    let set = this.used.get(scope);
    if (!set) this.used.set(scope, (set = new Set()));
    for (let i = 0; i < 400; i++) {
      const name = gen();
      const k = key(name);
      if (!set.has(k)) {
        set.add(k);
        return name;
      }
    }
    throw new Error(`name pool exhausted for ${scope}`);
  }

  /** A township name (镇/乡), unique in the corpus. */
  town(): string {
    return this.unique('town', () => this.stem() + this.rng.pick(['镇', '镇', '镇', '乡']));
  }

  estate(city: number): string {
    return this.unique(`estate:${city}`, () => this.stem() + this.rng.pick(ESTATE_KINDS));
  }

  village(city: number): string {
    return this.unique(`village:${city}`, () => {
      const r = this.rng.next();
      if (r < 0.4) return this.rng.pick(SURNAMES) + this.rng.pick(VILLAGE_SUFFIX) + '村';
      if (r < 0.55) return this.rng.pick(DIRECTIONS) + this.rng.pick(SURNAMES) + '村';
      return this.stem() + '村';
    });
  }

  road(city: number): string {
    return this.unique(`road:${city}`, () => this.stem() + this.rng.pick(ROAD_KINDS));
  }

  river(city: number): string {
    return this.unique(`river:${city}`, () => this.stem() + this.rng.pick(RIVER_KINDS));
  }

  area(city: number): string {
    return this.unique(`area:${city}`, () => this.stem() + this.rng.pick(AREA_KINDS));
  }

  project(city: number): string {
    return this.unique(`project:${city}`, () => this.stem() + this.rng.pick(PROJECT_KINDS) + '项目');
  }

  busRoute(city: number): string {
    return this.unique(`bus:${city}`, () => (this.rng.chance(0.25) ? this.rng.pick(['K', 'B', 'Y']) : '') + this.rng.int(1, 999));
  }

  /** A former employer (粮站, 供销社…) named in pension matters; not an organisation on the form. */
  unit(city: number): string {
    return this.unique(`unit:${city}`, () => this.stem() + this.rng.pick(UNIT_KINDS));
  }

  /** A county-level court; many issues share one, as they do. */
  court(): string {
    return this.stem() + this.rng.pick(['区', '县', '市']) + '人民法院';
  }

  /** A person is only ever named by surname (王某, 李某某), as registrations do. */
  person(): string {
    return this.rng.pick(SURNAMES) + this.rng.pick(['某', '某某']);
  }

  surname(): string {
    return this.rng.pick(SURNAMES);
  }

  /** A hospital in a distant city, for out-of-province treatment. */
  farHospital(): string {
    return this.unique('far', () => this.stem() + '市' + this.stem() + '医院');
  }

  // ---- organisations: unique stem across the corpus ------------------------------------------

  private orgStem(s: string): string {
    return s.replace(/(有限公司|有限责任公司|专业合作社|公司|厂|医院|卫生院|保健院|小学|中学|幼儿园)$/, '');
  }

  /** A company: { full: 宏达建筑有限公司, short: 宏达建筑公司, brand: 宏达 }. */
  company(trades: readonly string[]): { full: string; short: string; brand: string } {
    const trade = this.rng.pick(trades);
    let brand = '';
    const full = this.unique(
      'org',
      () => {
        brand = this.stem();
        return brand + trade + (trade.endsWith('合作社') ? '' : '有限公司');
      },
      (s) => this.orgStem(s),
    );
    const short = trade.endsWith('合作社') ? full : brand + trade + '公司';
    return { full, short, brand };
  }

  factory(products: readonly string[]): { full: string; short: string; brand: string } {
    const product = this.rng.pick(products);
    let brand = '';
    const short = this.unique(
      'org',
      () => {
        brand = this.stem();
        return brand + product + '厂';
      },
      (s) => this.orgStem(s),
    );
    return { full: this.rng.chance(0.5) ? short : brand + product + '有限公司', short, brand };
  }

  hospital(): string {
    return this.unique(
      'org',
      () => this.stem() + this.rng.pick(HOSPITAL_KINDS),
      (s) => this.orgStem(s),
    );
  }

  school(): string {
    return this.unique(
      'org',
      () => this.stem() + this.rng.pick(SCHOOL_KINDS),
      (s) => this.orgStem(s),
    );
  }
}
