import {
  AGRI_TRADES,
  APPRAISAL_TRADES,
  CONSTRUCTION_TRADES,
  DEVELOPER_TRADES,
  FACTORY_PRODUCTS,
  HEATING_TRADES,
  INVESTMENT_TRADES,
  type Names,
  POLLUTING_PRODUCTS,
  PROPERTY_TRADES,
} from './names';
import { Rng } from './rng';

// Problem types (问题类型) and their phrasings. One *issue* is a problem type with concrete facts
// (which estate, which company, how much money); a petition about the issue is one rendering of
// those facts. Renderings of one issue are paraphrases: each clause has several templates, optional
// details come and go, clauses are reordered, fillers and openers are added, numbers are written
// as 9600 / 9,600 / ９６００ / 两 / 二十. Two issues of one type share all the template vocabulary and
// differ only in the facts, which is what makes the text rule hard.
//
// Template syntax: [a|b|] picks this petition's wording (empty = omit); <a|b> picks a fact of the
// issue, the same in every petition about it; {key} inserts a fact as is; {n:key} a count written in
// a random style; {y:key} an amount of yuan written in a random style. Facts that several templates
// mention (the disease, the compensation item) are drawn in `facts` instead.

export const CATEGORY_CODES = [
  'HOUSING_EXPROPRIATION',
  'PROPERTY_MANAGEMENT',
  'SOCIAL_SECURITY',
  'LAND_CONTRACTING',
  'VILLAGE_AFFAIRS_FINANCE',
  'ORGANIZATION_PERSONNEL',
  'LAW_LITIGATION',
  'ENTERPRISE_RESTRUCTURING',
  'ILLEGAL_FUNDRAISING',
  'HEALTH',
  'EDUCATION',
  'LABOUR_SOCIAL_SECURITY',
  'URBAN_RURAL_CONSTRUCTION',
  'OTHER',
] as const;
export type CategoryCode = (typeof CATEGORY_CODES)[number];

export type Facts = Record<string, string | number>;

export interface Home {
  city: number;
  /** Name of the issue's home township (青山镇). */
  town: string;
}

export interface ProblemType {
  id: string;
  /** Primary category first; a second one is what some clerks file the same matter under. */
  categories: readonly CategoryCode[];
  /** Relative frequency among petitions. */
  weight: number;
  /** Share of petitions of this type registered as 建议 (SUGGESTION); the rest are GRIEVANCE. */
  suggestion?: number;
  /** 检举控告: never has an organisation or a signature. */
  accusation?: boolean;
  /** A matter that many people raise separately (an estate, a bus route, a factory): TEXT clusters. */
  shared: boolean;
  /** facts.org is an organisation the clerk can put on the form: ORG clusters. */
  org: boolean;
  /** Who files it, as a clerk's opener names them (青山镇锦绣花园小区业主). */
  who: string;
  facts(names: Names, rng: Rng, home: Home): Facts;
  core: string[][];
  extra: string[][];
  demand: string[];
}

const money = (rng: Rng, min: number, max: number, step: number) => Math.round(rng.int(min, max) / step) * step || step;
const year = (rng: Rng) => rng.int(2015, 2024);
const DISEASES = ['肺癌', '心肌梗死', '脑出血', '尿毒症', '白血病', '股骨骨折', '肝硬化', '乳腺癌', '胃癌', '脑梗塞'];
const SURGERIES = ['阑尾', '胆囊切除', '剖腹产', '骨折复位', '疝气修补', '甲状腺', '腰椎间盘', '白内障', '心脏支架', '子宫肌瘤'];
const RELATIVES = ['父亲', '母亲', '丈夫', '妻子', '儿子', '女儿', '爷爷', '奶奶'];
const VILLAGE_MONEY = ['征地款', '扶贫资金', '集体土地租金', '修路款', '低保资金', '集体厂房租金', '土地流转费', '危房改造补助'];
const ASSETS = ['鱼塘', '厂房', '山林', '果园', '砂场', '仓库', '门面房', '荒山'];
// Facts an issue is about. Within an issue they never change; across issues they make the difference.
const COMPENSATION_ITEMS = ['房屋补偿款', '安置补助费', '搬迁费', '停产停业损失补偿', '奖励款', '附属物补偿款'];
const BUILDING_KINDS = ['住宅', '门面房', '厂房', '养殖棚', '附属房', '自建房'];
const HOUSE_DEFECTS = [
  '电梯经常停运',
  '楼道垃圾无人清理',
  '小区监控长期损坏',
  '化粪池堵塞外溢',
  '楼顶漏水无人维修',
  '小区门禁坏了没人修',
  '路灯不亮',
];
const OCCUPIED_SPACES = ['公共绿地', '消防通道', '小区广场', '架空层', '地下人防车库', '楼间空地'];
const OCCUPIED_USES = ['停车位', '临时摊位', '广告位', '仓库'];
const CLOSURE_EVENTS = ['倒闭', '停产', '被法院查封', '整体搬迁', '破产清算'];
const PENSION_OBSTACLES = ['档案缺失', '出生日期前后不一致', '工龄中断', '身份性质认定不了', '缴费记录不全'];
const REIMBURSE_REASONS = ['没有办理异地就医备案', '转诊手续不全', '住院的医院不是定点医院', '超过了报销时限', '病种不在目录内'];
const ACQUISITION_PURPOSES = ['修路', '建学校', '建工业园', '修水库', '建高铁站', '建污水处理厂'];
const OVERCHARGE_ITEMS = ['药品', '检查项目', '医用耗材', '护理费', '床位费', '化验费'];
const ENROL_OBSTACLES = ['学位不足', '房产证未满三年', '人户分离', '户籍迁入时间不够', '父母没有缴纳社保'];
const CASE_KINDS = ['借款', '工程款', '货款', '劳务费', '交通事故赔偿', '房屋租赁'];
const FUND_BAITS = ['养老项目', '原始股', '区块链理财', '农业合作社入股', '消费返利', '私募基金'];
const RESTRUCTURING_LOSSES = ['养老保险', '医疗保险', '经济补偿金', '住房公积金'];
const POLLUTANTS = ['黑烟', '刺鼻废气', '粉尘', '恶臭'];
const NOISE_SOURCES = ['打桩', '浇筑混凝土', '运渣土', '切割钢筋'];
const RECRUIT_ISSUES = ['成绩排名靠前却没被录用', '录用的人是领导亲属', '招聘结果没有公示', '面试评分不公开'];
const BUS_CHANGES = ['停运', '被取消', '改线后不再经过', '减少了班次'];

export const PROBLEM_TYPES: ProblemType[] = [
  {
    id: 'demolition-compensation',
    who: '{town}{area}[被拆迁户|居民]',
    categories: ['HOUSING_EXPROPRIATION', 'URBAN_RURAL_CONSTRUCTION'],
    weight: 6,
    shared: true,
    org: true,
    facts: (n, r, h) => {
      const co = n.company(DEVELOPER_TRADES);
      return {
        org: co.full,
        co: co.short,
        area: n.area(h.city),
        year: year(r),
        amount: money(r, 80000, 900000, 1000),
        households: r.int(8, 300),
        what: r.pick(COMPENSATION_ITEMS),
      };
    },
    core: [
      [
        '[我家|本人|我们家]房屋[于|在]{year}年被[列入|纳入|划入]{area}[拆迁|征收]范围',
        '{area}{year}年[征收|拆迁]了[我家|我们家]的房屋',
        '{year}年{area}改造，[我家|我们]的房子被[征收|拆迁]',
      ],
      [
        '[签订协议后|协议签了以后|补偿协议早就签了，]{what}[至今仍未到位|一直没有发放|到现在都没给|迟迟不发]',
        '{what}{y:amount}[至今|一直][未到位|没有到账|没有发放]',
      ],
    ],
    extra: [
      ['实施单位是{co}', '[开发商|拆迁实施单位]{co}[一直|]拖着不给'],
      ['[涉及|共有]{n:households}户[居民|群众|被拆迁户]'],
      ['[多次|反复]找[拆迁办|{town}政府][协调|反映]，[都|一直]没有结果'],
      ['[现在|目前][一家人|全家][在外|]租房[居住|住]'],
    ],
    demand: ['请求政府尽快发放{what}', '要求尽快兑现{what}', '请求责令{co}[尽快|立即]支付{what}', '希望有关部门[帮助|督促]解决'],
  },
  {
    id: 'appraisal-too-low',
    who: '{town}{area}[被征收户|居民]',
    categories: ['HOUSING_EXPROPRIATION'],
    weight: 3,
    shared: true,
    org: true,
    facts: (n, r, h) => {
      const co = n.company(APPRAISAL_TRADES);
      const price = money(r, 1500, 9000, 100);
      return {
        org: co.full,
        co: co.short,
        area: n.area(h.city),
        price,
        market: money(r, price * 1.5, price * 2.6, 500),
        kind: r.pick(BUILDING_KINDS),
      };
    },
    core: [
      [
        '[拆迁办|征收办|{co}]对{area}[我家|我们家|]的{kind}评估[价格|价][过低|太低|偏低]',
        '{area}{kind}[征收|拆迁][评估价|补偿标准][太低|过低]',
      ],
      ['每平方米[只|才|仅][补偿|给]{n:price}元', '[补偿|评估]单价[只有|仅]{n:price}元每平方米'],
      ['<远低于市场价|比周边二手房价格低很多|周边房价在{n:market}元左右>'],
    ],
    extra: [
      ['[评估报告|评估结果][没有|未]送达[我家|本人]', '评估[机构|公司]是{co}，[我们|]没有参与选定'],
      ['同一片区[其他|别的][住户|人家]补偿[更高|标准不一样]'],
    ],
    demand: ['要求重新评估', '请求[重新|另行][委托|选定]评估机构评估', '请求按市场价补偿{kind}', '要求提高补偿标准'],
  },
  {
    id: 'resettlement-delay',
    who: '{proj}[回迁户|被拆迁户]',
    categories: ['HOUSING_EXPROPRIATION', 'URBAN_RURAL_CONSTRUCTION'],
    weight: 3,
    shared: true,
    org: true,
    facts: (n, r, h) => {
      const co = n.company(CONSTRUCTION_TRADES);
      return {
        org: co.full,
        co: co.short,
        proj: n.project(h.city),
        months: r.int(6, 40),
        fee: money(r, 300, 2000, 50),
        years: r.int(2, 6),
        households: r.int(20, 500),
      };
    },
    core: [
      [
        '{proj}[安置房|回迁房][延期|逾期|超期]{n:months}个月[未交房|还没交房|没有交付]',
        '[拆迁|征收]过渡期[早就过了|已满]，{proj}的安置房[还没|仍未]<开工|交房|建好>',
      ],
      ['<过渡费从去年开始停发|过渡费从今年初起停发|每月只发{n:fee}元过渡费|过渡安置费没有按时发>'],
    ],
    extra: [['[建设|承建]单位是{co}'], ['[我们|我家]在外租房[已经|]{n:years}年[了|]'], ['[涉及|共有]{n:households}户回迁户']],
    demand: ['要求按时交房并补发过渡费', '请求[督促|责令]{co}加快建设[进度|]', '要求[补发|足额发放]过渡费', '请求政府明确{proj}交房时间'],
  },
  {
    id: 'property-service',
    who: '{town}{est}[小区|][业主|居民]',
    categories: ['PROPERTY_MANAGEMENT'],
    weight: 5,
    shared: true,
    org: true,
    facts: (n, r, h) => {
      const co = n.company(PROPERTY_TRADES);
      const p1 = r.int(10, 25) / 10;
      const [d1, d2] = r.shuffle([...HOUSE_DEFECTS]);
      return { org: co.full, co: co.short, est: n.estate(h.city), p1: p1.toFixed(1), p2: (p1 + r.int(3, 12) / 10).toFixed(1), d1, d2 };
    },
    core: [
      ['{est}[小区|]物业[公司|][只收费不服务|收了物业费不干活|服务不到位]', '{co}在{est}[小区|]只收钱不服务'],
      ['{d1}', '{d1}，{d2}'],
    ],
    extra: [['[业主|我们][多次|反复]投诉[无果|都没用]'], ['{d2}'], ['物业费[却|]从每平方米{p1}元涨到{p2}元']],
    demand: ['业主要求更换物业公司', '要求[更换|解聘]{co}', '请求[住建局|房管局|街道][督促|责令]物业整改', '希望有关部门监管{est}物业服务'],
  },
  {
    id: 'heating',
    who: '{town}{est}[小区|][业主|居民]',
    categories: ['PROPERTY_MANAGEMENT', 'URBAN_RURAL_CONSTRUCTION'],
    weight: 2,
    shared: true,
    org: true,
    facts: (n, r, h) => {
      const co = n.company(HEATING_TRADES);
      return { org: co.full, co: co.short, est: n.estate(h.city), temp: r.int(9, 16) };
    },
    core: [
      ['{est}[小区|][冬季|今年冬天|入冬以来]供暖[温度|][不达标|不合格|达不到标准]', '{est}[小区|]暖气不热'],
      ['室温[只有|才|仅]{n:temp}度', '[家里|屋里]温度[只有|才]{n:temp}度[左右|]'],
    ],
    extra: [['物业和{co}互相推诿'], ['{co}[说|称]是<管道|管网|锅炉>问题'], ['<老人|孩子>冻得[生病|感冒]'], ['供暖费[照常|一分不少地]收取']],
    demand: ['请求解决{est}供暖问题', '要求退还[部分|]供暖费', '请求[督促|责令]{co}[整改|提高供暖温度]', '希望尽快解决'],
  },
  {
    id: 'greenbelt-parking',
    who: '{town}{est}[小区|][业主|居民]',
    categories: ['PROPERTY_MANAGEMENT'],
    weight: 2,
    shared: true,
    org: true,
    facts: (n, r, h) => {
      const co = n.company(PROPERTY_TRADES);
      return {
        org: co.full,
        co: co.short,
        est: n.estate(h.city),
        spots: r.int(20, 200),
        space: r.pick(OCCUPIED_SPACES),
        use: r.pick(OCCUPIED_USES),
      };
    },
    core: [
      ['[物业公司|{co}|物业]将{est}[小区|]{space}[改为|改成]{use}', '{est}[小区|]的{space}被[物业公司|{co}|物业][改成|改为]{use}'],
      ['<出租收费|对外出租|收取费用|划了{n:spots}个出租>'],
    ],
    extra: [['收益[没有|未|从未]公开'], ['[未经|没有经过]业主大会同意'], ['<小区绿化全部被毁|消防车进不来|老人孩子没地方活动>']],
    demand: ['要求恢复{space}', '请求[责令|督促]{co}恢复原状并公开收益', '要求[公开|归还]{use}收益'],
  },
  {
    id: 'property-certificate',
    who: '{town}{est}[小区|][业主|购房户]',
    categories: ['URBAN_RURAL_CONSTRUCTION', 'PROPERTY_MANAGEMENT'],
    weight: 4,
    shared: true,
    org: true,
    facts: (n, r, h) => {
      const co = n.company(DEVELOPER_TRADES);
      return { org: co.full, co: co.short, est: n.estate(h.city), years: r.int(2, 10), households: r.int(50, 1200) };
    },
    core: [
      ['{est}[小区|][交房|入住][已经|]{n:years}年', '[我们|业主]{n:years}年前[购买|买]了{est}[小区|]的商品房'],
      [
        '[不动产权证|房产证|产权证][至今|一直][办不下来|没有办理|无法办理]',
        '开发商{co}[一直|迟迟][不给|没有给][业主|我们]办理[不动产权证|房产证]',
      ],
    ],
    extra: [
      ['[开发商|{co}]<拖欠土地出让金|欠缴税费|把土地抵押给了银行>'],
      ['[孩子|小孩][上学|入学]因[没有|无]房产证受影响'],
      ['[涉及|共有]{n:households}户[业主|购房户]'],
      ['[去|找]开发商[多次|几次]都[推脱|说在办]'],
    ],
    demand: [
      '请求[尽快|]为{est}业主办理不动产权证',
      '要求[督促|责令][开发商|{co}][尽快|限期]办证',
      '请求[自然资源局|不动产登记中心|住建局]协调解决',
    ],
  },
  {
    id: 'wage-construction',
    who: '{proj}[农民工|务工人员]',
    categories: ['LABOUR_SOCIAL_SECURITY', 'URBAN_RURAL_CONSTRUCTION'],
    weight: 8,
    shared: true,
    org: true,
    facts: (n, r, h) => {
      const co = n.company(CONSTRUCTION_TRADES);
      return {
        org: co.full,
        co: co.short,
        proj: n.project(h.city),
        workers: r.int(5, 120),
        amount: money(r, 30000, 2000000, 1000),
        boss: n.person(),
      };
    },
    core: [
      ['[本人|我|我们]在{co}承建的{proj}[务工|干活|打工]', '[我们|]{n:workers}[名|个]农民工[在|给]{proj}[干活|务工]'],
      [
        '[老板|{co}|包工头{boss}]拖欠[我们|]{n:workers}[名|个]农民工工资[共计|一共|]{y:amount}',
        '{y:amount}[工资|工钱|薪水][至今|一直|到现在][没给|没有发|未结清]',
        '<工程早就完工|项目已经停工|主体已经封顶>，[工资|工钱][一直|]拖着不给',
      ],
    ],
    extra: [
      ['[多次|好几次]找[老板|项目部|{co}][讨要|要钱]，[对方|他们][推脱|躲着不见]'],
      ['[快过年了|马上要过年了|年底了]，[家里|一家老小]等着[用钱|这钱]'],
      ['[劳动监察|人社局][介入|来过]但[没有|一直没有]解决'],
      ['包工头{boss}[已经|]<联系不上|回老家了|说总包没给钱>'],
    ],
    demand: ['要求帮助追讨欠薪', '请求帮助讨要工资', '请求[劳动监察|人社局][督促|责令]{co}支付工资', '希望政府协调[解决|垫付]'],
  },
  {
    id: 'factory-closure-wages',
    who: '{fac}[职工|工人]',
    categories: ['LABOUR_SOCIAL_SECURITY', 'ENTERPRISE_RESTRUCTURING'],
    weight: 4,
    shared: true,
    org: true,
    facts: (n, r) => {
      const f = n.factory(FACTORY_PRODUCTS);
      return { org: f.full, fac: f.short, workers: r.int(10, 300), months: r.int(2, 9), event: r.pick(CLOSURE_EVENTS), boss: n.person() };
    },
    core: [
      ['{fac}{event}', '{fac}{event}后[老板|负责人]{boss}<失联了|跑路了|联系不上>'],
      [
        '拖欠[全厂|]{n:workers}[多名|名|个]工人{n:months}个月[工资|工钱]',
        '{n:workers}[多名|名]工人{n:months}个月的[工资|工钱|薪水][没有着落|没人管|至今未发]',
      ],
    ],
    extra: [
      ['<厂里的设备已经被拉走|厂房已经被抵押|原材料被供应商搬空>'],
      ['[社保|养老保险]也[断缴|欠缴]{n:months}个月'],
      ['[工人|我们][多次|]到[{town}政府|人社局]反映'],
    ],
    demand: ['请求政府协调解决', '请求政府协调垫付工资', '要求[依法|]追究{boss}责任并支付工资', '请求[查封|处置]{fac}资产[偿还|支付]工资'],
  },
  {
    id: 'pension-records',
    who: '原{unit}[退休|]职工',
    categories: ['SOCIAL_SECURITY', 'LABOUR_SOCIAL_SECURITY'],
    weight: 4,
    shared: false,
    org: false,
    facts: (n, r, h) => ({ unit: n.unit(h.city), age: r.int(58, 78), years: r.int(8, 35), obstacle: r.pick(PENSION_OBSTACLES) }),
    core: [
      ['[我|本人]是原{unit}职工[，今年{n:age}岁|]', '[我|本人][今年|]{n:age}岁，[在|]原{unit}工作了{n:years}年'],
      [
        '社保局以{obstacle}为由不给[我|]办理[养老保险待遇领取|退休]手续',
        '社保局说[我的|]{obstacle}，不给办理[养老金领取|退休][手续|]',
        '[因为|由于]{obstacle}[一直|]领不到养老金',
      ],
    ],
    extra: [
      ['[工龄|缴费年限]{n:years}年[认定不了|无法认定]'],
      ['<档案是{unit}改制时弄丢的|{unit}早就撤销了|当年的同事可以作证>'],
      ['[现在|目前]生活[没有|无]来源'],
    ],
    demand: ['请求[帮助|]解决养老金领取问题', '要求[社保局|人社局][认定工龄|补建档案]并办理退休', '请求[依法|]核定养老待遇'],
  },
  {
    id: 'medical-insurance-remote',
    who: '{town}[参保人|群众]',
    categories: ['SOCIAL_SECURITY', 'HEALTH'],
    weight: 3,
    shared: false,
    org: false,
    facts: (n, r) => ({
      far: n.farHospital(),
      amount: money(r, 10000, 300000, 100),
      disease: r.pick(DISEASES),
      reason: r.pick(REIMBURSE_REASONS),
    }),
    core: [
      ['[我|本人]因{disease}[在|去]{far}住院[花了|治疗花费]{y:amount}', '[我在|]{far}[住院|治疗]{disease}的{y:amount}医疗费'],
      ['医保局以{reason}为由不给报销', '医保局说[我|]{reason}，不给报销'],
    ],
    extra: [['<当时情况紧急来不及办手续|是医生让转过去的|之前问过说可以报>'], ['[家里|]已经[借了很多钱|负债累累]']],
    demand: ['请求按规定报销', '要求[医保局|][按比例|足额]报销', '希望[帮助|]解决报销问题'],
  },
  {
    id: 'land-contract',
    who: '{town}{vil}[村民|农户]',
    categories: ['LAND_CONTRACTING'],
    weight: 4,
    shared: false,
    org: true,
    facts: (n, r, h) => {
      const co = n.company(AGRI_TRADES);
      return { org: co.full, co: co.short, vil: n.village(h.city), grp: r.int(1, 12), mu: r.int(1, 12) };
    },
    core: [
      [
        '{vil}村委会[未经|没有经过][我|本人|我家]同意，将[我家|我们家]承包的{n:mu}亩[耕地|承包地|责任田][转包|流转|租]给{co}',
        '{vil}[村委会|村干部][擅自|私自]把[我家|我们家]{n:mu}亩[承包地|耕地][收回|收走]发包给{co}',
        '[我家|我们家]承包的{n:mu}亩[耕地|承包地]被{vil}[村委会|村干部][擅自|私自][转包|发包]给{co}',
      ],
      ['<我们至今不同意|现在我家没有地种|承包合同还在我家手里|地上的青苗被铲了>'],
    ],
    extra: [['[我家|]是{vil}{n:grp}组村民'], ['[土地|地]租金[一分没给|从未给过|没有给我家]']],
    demand: ['要求归还承包地', '请求[依法|]退还[我家|]承包地[并赔偿损失|]', '请求[农业农村局|{town}政府]调处'],
  },
  {
    id: 'land-acquisition-fee',
    who: '{town}{vil}{n:grp}组村民',
    categories: ['LAND_CONTRACTING', 'VILLAGE_AFFAIRS_FINANCE'],
    weight: 4,
    shared: true,
    org: false,
    facts: (n, r, h) => ({
      vil: n.village(h.city),
      grp: r.int(1, 12),
      mu: r.int(5, 300),
      amount: money(r, 100000, 5000000, 10000),
      households: r.int(10, 200),
      purpose: r.pick(ACQUISITION_PURPOSES),
    }),
    core: [
      ['{town}政府[征用|征收|占用]{vil}{n:grp}组[的|]集体土地{purpose}', '{purpose}[征用|占用]了{vil}{n:grp}组{n:mu}亩集体土地'],
      [
        '土地补偿费[至今|一直][没有发放|未发放|没发]到农户手中',
        '[补偿费|征地款]{y:amount}[一直|至今][没有|未][分给|发给]农户',
        '<征地补偿被村里截留不发|补偿款被村里扣着不发>',
      ],
    ],
    extra: [['[涉及|共]{n:households}户[农户|村民]'], ['<青苗补偿也没有到位|地上附着物没有补偿>'], ['[村干部|组长]说钱<还没到|被挪用了>']],
    demand: ['请求[尽快|]发放[土地|征地]补偿费', '要求公开{vil}征地补偿款[去向|使用情况]', '请求[督促|责令]{town}政府[兑现|发放]补偿'],
  },
  {
    id: 'village-finance',
    who: '{town}{vil}[村民|党员]',
    categories: ['VILLAGE_AFFAIRS_FINANCE'],
    weight: 4,
    shared: true,
    org: false,
    facts: (n, r, h) => ({ vil: n.village(h.city), years: r.int(2, 6), money: r.pick(VILLAGE_MONEY), person: n.person() }),
    core: [
      [
        '[要求|请求]{vil}公开近{n:years}年[村务|村务和财务|财务]账目',
        '{vil}近{n:years}年[的|][村务|财务|村务财务]账目[从未|没有|一直未]公开',
      ],
      ['<村会计|村主任|村支书>{person}对{money}的去向[不作说明|说不清楚]', '{money}[去向不明|使用情况不公开]'],
    ],
    extra: [
      ['[村民|我们][多次|][要求|提出]查账被拒'],
      ['<换届后账目更加混乱|账本被人拿走了|公示栏几年没更新>'],
      ['[怀疑|可能]{person}挪用'],
    ],
    demand: ['要求{vil}村务财务公开', '请求[审计|清查]{vil}[集体|]账目', '请求[{town}纪委|{town}政府]责令公开'],
  },
  {
    id: 'collective-asset-rent',
    who: '{town}{vil}村民',
    categories: ['VILLAGE_AFFAIRS_FINANCE', 'LAND_CONTRACTING'],
    weight: 3,
    shared: false,
    org: false,
    facts: (n, r, h) => ({ vil: n.village(h.city), person: n.person(), asset: r.pick(ASSETS), years: r.int(5, 30) }),
    core: [
      [
        '{vil}<村主任|村支书|村会计>{person}[私自|擅自]出租村集体{asset}',
        '{vil}村干部{person}[私自|擅自]把村集体{asset}[租出去|出租给别人]',
      ],
      ['<租金去向不明|租金没有入村集体账|租赁合同长达{n:years}年>'],
    ],
    extra: [['[租金|价格]明显[偏低|低于市场价]'], ['[村民|我们][毫不知情|都不知道]'], ['[没有|未]经村民代表大会讨论']],
    demand: ['请求审计{vil}集体账目', '要求[收回|重新公开招租]村集体{asset}', '请求调查处理{person}'],
  },
  {
    id: 'restructuring-pension',
    who: '原{fac}[职工|退休职工]',
    categories: ['ENTERPRISE_RESTRUCTURING', 'SOCIAL_SECURITY'],
    weight: 3,
    shared: true,
    org: true,
    facts: (n, r) => {
      const f = n.factory(FACTORY_PRODUCTS);
      const y1 = r.int(1995, 2012);
      return { org: f.full, fac: f.short, y1, y2: y1 + r.int(2, 8), workers: r.int(30, 900), loss: r.pick(RESTRUCTURING_LOSSES) };
    },
    core: [
      [
        '原单位{fac}改制时[未给|没有给|没为][我|我们|职工]补缴{y1}年[至|到]{y2}年的{loss}',
        '{fac}{y1}年改制[时|的时候]{loss}[没有|未]处理好',
      ],
      ['<导致退休后领不到足额养老金|工龄也少算了|现在退休待遇很低|安置费一直没给>'],
    ],
    extra: [
      ['[当时|改制时]有{n:workers}[多名|名]职工[被|]买断工龄'],
      ['<改制方案从未公开|接手的老板不认账|企业已经注销>'],
      ['[找|问]了<经信局|国资委|人社局>[多次|]没有结果'],
    ],
    demand: ['请求[解决|补缴]{loss}', '要求[补发|重新计算]{loss}', '请求[责令|督促]{fac}补缴{loss}'],
  },
  {
    id: 'illegal-fundraising',
    who: '{co}[投资人|受害群众]',
    categories: ['ILLEGAL_FUNDRAISING', 'LAW_LITIGATION'],
    weight: 3,
    shared: true,
    org: true,
    facts: (n, r) => {
      const co = n.company(INVESTMENT_TRADES);
      return {
        org: co.full,
        co: co.short,
        amount: money(r, 20000, 2000000, 1000),
        rate: r.int(2, 5),
        victims: r.int(20, 3000),
        bait: r.pick(FUND_BAITS),
        boss: n.person(),
      };
    },
    core: [
      [
        '{co}以{bait}高额回报为诱饵[非法|]集资',
        '[我|本人][在|给]{co}[投了|投入]{y:amount}[买|参与]{bait}',
        '{co}[以|用]{bait}月息{n:rate}分[为名|为诱饵]吸收[群众|老百姓]存款',
      ],
      ['[我投入的|]{y:amount}本金无法收回', '<现在公司无法兑付|老板{boss}跑路了|法人{boss}已经被抓>'],
    ],
    extra: [
      ['涉及[群众|投资人|受害人]{n:victims}[多人|人|多户]'],
      ['[公安|经侦][已经|]立案[但|]追赃[进展缓慢|没有进展]'],
      ['<公司还组织我们旅游|业务员是熟人介绍的|公司办公室已经搬空>'],
    ],
    demand: ['请求公安机关立案追赃', '要求追回[本金|投资款]', '请求[依法|]打击{co}非法集资'],
  },
  {
    id: 'medical-dispute',
    who: '{town}[患者家属|群众]',
    categories: ['HEALTH', 'LAW_LITIGATION'],
    weight: 3,
    shared: false,
    org: true,
    facts: (n, r) => {
      const hosp = n.hospital();
      return { org: hosp, hosp, surgery: r.pick(SURGERIES), rel: r.pick(RELATIVES), amount: money(r, 20000, 600000, 1000) };
    },
    core: [
      [
        '[我|]{rel}在{hosp}做{surgery}手术后<感染|大出血|出现并发症|瘫痪>',
        '{rel}在{hosp}[做了|接受]{surgery}手术，术后<感染|大出血|出现并发症|瘫痪>',
      ],
      ['[医院|{hosp}][拒不承认|不承认]医疗过错', '[医院|对方]拒绝[赔偿|协商]'],
    ],
    extra: [
      ['<病历有涂改痕迹|手术记录被修改过|主刀医生没有资质>'],
      ['[现在|]{rel}<已经去世|瘫痪在床|丧失劳动能力>'],
      ['[医疗费|后续治疗费]已花了{y:amount}'],
    ],
    demand: ['请求[进行|委托]医疗事故鉴定并赔偿', '要求{hosp}[依法|]赔偿', '请求卫健委调查处理'],
  },
  {
    id: 'hospital-overcharge',
    who: '{town}[患者|群众]',
    categories: ['HEALTH'],
    weight: 2,
    shared: false,
    org: true,
    facts: (n, r) => {
      const hosp = n.hospital();
      const [i1, i2] = r.shuffle([...OVERCHARGE_ITEMS]);
      return { org: hosp, hosp, amount: money(r, 800, 30000, 10), i1, i2, days: r.int(3, 40) };
    },
    core: [
      ['{hosp}多收[我|]住院{n:days}天的{i1}费用', '在{hosp}住院{n:days}天[时|期间]{i1}被多收费'],
      ['费用清单[中|里]有[没用过的|未使用的]{i1}[和|、]{i2}', '[多收|乱收]了{y:amount}'],
    ],
    extra: [['[医院|收费处][拒绝|不给][出具|打印]费用明细'], ['医保[报销|结算]也[有问题|不对]']],
    demand: ['要求退还[多收费用|]并查处', '请求[卫健委|医保局]查处{hosp}', '要求退费'],
  },
  {
    id: 'school-fees',
    who: '{sch}[学生家长|家长]',
    categories: ['EDUCATION'],
    weight: 2,
    shared: true,
    org: true,
    facts: (n, r) => {
      const sch = n.school();
      return { org: sch, sch, fee: money(r, 100, 3000, 10), item: r.pick(['教辅资料', '校服', '午托', '保险', '兴趣班']) };
    },
    core: [
      ['{sch}强制学生[购买|交]{item}[费用|]', '{sch}以{item}名义[乱收费|违规收费]'],
      ['每[个学生|人][收|交]{n:fee}元', '<还向学生收取补课费|不交就不让上课|收费不开票据>'],
    ],
    extra: [['[家长|我们][不敢|怕孩子被穿小鞋不敢]举报'], ['<老师在校外开补习班|班主任在家里办辅导班>']],
    demand: ['请求教育局查处{sch}乱收费行为', '要求退还[费用|多收的钱]', '请求[严肃|]处理[相关|]责任人'],
  },
  {
    id: 'school-enrolment',
    who: '{town}{est}[小区|][居民|家长]',
    categories: ['EDUCATION'],
    weight: 2,
    shared: false,
    org: true,
    facts: (n, r, h) => {
      const sch = n.school();
      return { org: sch, sch, est: n.estate(h.city), km: r.int(3, 20), obstacle: r.pick(ENROL_OBSTACLES) };
    },
    core: [
      ['[我家|]孩子户籍在{sch}学区内', '[我家|我们]住在{est}[小区|]，属于{sch}学区'],
      ['学校[却|]以{obstacle}为由不让[就近|]入学', '{sch}[说|称]{obstacle}，不[让|给][我家|]孩子入学'],
    ],
    extra: [['[同一小区|{est}]其他孩子[都|][入学了|能上]'], ['[被|]安排到{n:km}公里外的学校']],
    demand: ['请求教育局[解决|安排就近入学]', '要求[按|依]政策安排[孩子|]到{sch}入学'],
  },
  {
    id: 'bus-route',
    who: '{town}{est}[小区|]居民',
    categories: ['OTHER', 'URBAN_RURAL_CONSTRUCTION'],
    weight: 2,
    suggestion: 0.5,
    shared: true,
    org: false,
    facts: (n, r, h) => ({
      route: n.busRoute(h.city),
      est: n.estate(h.city),
      road: n.road(h.city),
      km: r.int(2, 6),
      change: r.pick(BUS_CHANGES),
    }),
    core: [
      ['{road}的{route}路公交{change}', '{route}路公交车[在{road}|]{change}'],
      ['{est}[居民|群众|老人][出行|看病|上班][很|十分|非常]不便', '{est}[的|][老人孩子|居民][要|得]走{n:km}公里路[去坐车|才能坐车]'],
    ],
    extra: [['[早晚高峰|上下班时间][打不到车|挤不上车]'], ['[学生|孩子]上学[没有|缺少]公交']],
    demand: ['建议恢复{route}路公交[线路|]', '[建议|希望]{route}路[恢复原线路|增设{est}站]', '请求交通局[恢复|调整]{route}路[公交|]'],
  },
  {
    id: 'pollution-water',
    who: '{town}{vil}村民',
    categories: ['OTHER', 'URBAN_RURAL_CONSTRUCTION'],
    weight: 2,
    shared: true,
    org: true,
    facts: (n, r, h) => {
      const f = n.factory(POLLUTING_PRODUCTS);
      return { org: f.full, fac: f.short, river: n.river(h.city), vil: n.village(h.city), months: r.int(2, 24) };
    },
    core: [
      ['{fac}[向|往]{river}[排放|偷排]污水', '{fac}[夜里|晚上][偷排|直排]废水[到|进]{river}'],
      ['{vil}的<农田受到污染|鱼塘死鱼|庄稼减产>', '{river}[水|河水]<发黑发臭|变成黑色|泛着白沫>'],
    ],
    extra: [
      ['[已经|]持续{n:months}个月'],
      ['[环保|生态环境][部门|局][来过|查过]但[没有|至今未]整改'],
      ['{vil}[村民|很多人]出现<皮肤病|肠胃病>'],
    ],
    demand: ['要求环保部门查处', '请求[责令|督促]{fac}[停产|]整改', '[要求|请求]关停{fac}'],
  },
  {
    id: 'pollution-air',
    who: '{town}{est}[小区|]居民',
    categories: ['OTHER', 'URBAN_RURAL_CONSTRUCTION'],
    weight: 2,
    shared: true,
    org: true,
    facts: (n, r, h) => {
      const f = n.factory(POLLUTING_PRODUCTS);
      return { org: f.full, fac: f.short, est: n.estate(h.city), months: r.int(2, 24), pollutant: r.pick(POLLUTANTS) };
    },
    core: [
      ['{fac}[排放|散发]的{pollutant}[刺鼻|难闻|呛人]', '{fac}[烟囱|车间][天天|经常][冒|排]{pollutant}'],
      ['[影响|严重影响]{est}[居民|住户][休息|生活|健康]', '{est}[小区|][居民|住户]<不敢开窗|晚上睡不着|衣服不敢晾在外面>'],
    ],
    extra: [
      ['[已经|]持续{n:months}个月'],
      ['[环保|生态环境][部门|局][来过|查过]但[没有|至今未]整改'],
      ['<老人|孩子>出现[咳嗽|呼吸道疾病]'],
    ],
    demand: ['要求环保部门查处{fac}', '请求[责令|督促]{fac}[停产|]整改', '建议[搬迁|关停]{fac}'],
  },
  {
    id: 'noise',
    who: '{town}{est}[小区|]居民',
    categories: ['OTHER', 'URBAN_RURAL_CONSTRUCTION'],
    weight: 2,
    shared: true,
    org: true,
    facts: (n, r, h) => {
      const co = n.company(CONSTRUCTION_TRADES);
      return {
        org: co.full,
        co: co.short,
        proj: n.project(h.city),
        est: n.estate(h.city),
        hour: r.int(22, 24),
        source: r.pick(NOISE_SOURCES),
      };
    },
    core: [
      ['{co}在{proj}[工地|][夜间|晚上]{source}', '{proj}工地[夜里|半夜][还在|照常]{source}'],
      ['[晚上|夜里]{n:hour}点以后[还|仍然]不停', '{est}[小区|][居民|住户][无法|没法][休息|睡觉]'],
    ],
    extra: [['<渣土车抛撒严重|工地灯光照进卧室|工地扬尘很大>'], ['[打|拨]了[12345|城管电话][多次|]没用']],
    demand: ['要求限制{proj}施工时间', '请求[城管|执法局][查处|处罚]{co}', '建议[禁止|限制]夜间施工'],
  },
  {
    id: 'court-enforcement',
    who: '{town}[群众|申请执行人]',
    categories: ['LAW_LITIGATION'],
    weight: 4,
    shared: false,
    org: false,
    facts: (n, r) => ({
      court: n.court(),
      debtor: n.person(),
      year: year(r),
      amount: money(r, 20000, 3000000, 1000),
      kind: r.pick(CASE_KINDS),
    }),
    core: [
      ['{court}{year}年判决{debtor}[支付|偿还][我|]{kind}{y:amount}', '[我|本人]与{debtor}的{kind}纠纷案{court}[已经|早已]判决'],
      ['[至今|一直|到现在][未|没有][执行|执行到位]', '<法院说对方没有财产可供执行|执行局一直拖着|案子被终结本次执行>'],
    ],
    extra: [['{debtor}还在照常<经营|开豪车|出国旅游>'], ['[我|本人][多次|反复][申请|催促]执行']],
    demand: ['请求[督促|]{court}[尽快|]执行', '要求[依法|]强制执行', '请求[上级法院|人大]监督执行'],
  },
  {
    id: 'recruitment',
    who: '{town}[考生|群众]',
    categories: ['ORGANIZATION_PERSONNEL'],
    weight: 2,
    shared: false,
    org: false,
    facts: (n, r, h) => ({
      unit: h.town + r.pick(['卫生院', '中心学校', '农业服务中心', '便民服务中心', '文化站']),
      year: year(r),
      what: r.pick(RECRUIT_ISSUES),
    }),
    core: [
      ['{year}年{unit}[公开招聘|招考|招聘]中', '[我|本人]参加{unit}{year}年[的|][招聘|招考]'],
      ['{what}', '<体检环节被无故刷掉|考察环节被刷掉|岗位条件是量身定做的>'],
    ],
    extra: [['[问|咨询][人社局|组织部]没有[答复|回音]']],
    demand: ['请求[调查|复查]{unit}招聘过程', '要求[公开|公布]招聘[结果|成绩]', '请求[纪委|组织部]调查处理'],
  },
  // ---- accusations (检举控告): no organisation on the form, no signature ----------------------
  {
    id: 'accuse-village-cadre',
    who: '{town}{vil}[村民|党员]',
    categories: ['VILLAGE_AFFAIRS_FINANCE', 'ORGANIZATION_PERSONNEL'],
    weight: 2,
    accusation: true,
    shared: false,
    org: false,
    facts: (n, r, h) => ({
      vil: n.village(h.city),
      person: n.person(),
      money: r.pick(VILLAGE_MONEY),
      amount: money(r, 10000, 800000, 1000),
    }),
    core: [
      ['举报{vil}<村主任|村支书|会计>{person}', '[实名|]举报{vil}村干部{person}'],
      ['<侵占|挪用|贪污>{money}{y:amount}', '<在换届选举中给村民发钱拉票|虚报冒领低保和扶贫资金|违规承包村里工程>'],
    ],
    extra: [['[其|他的][亲属|家人]违规享受低保']],
    demand: ['请求[{town}纪委|纪委]调查处理', '要求[严肃|依法]查处{person}'],
  },
  {
    id: 'accuse-official',
    who: '{town}群众',
    categories: ['ORGANIZATION_PERSONNEL', 'LAW_LITIGATION'],
    weight: 1,
    accusation: true,
    shared: false,
    org: false,
    facts: (n, r, h) => ({
      unit: h.town + r.pick(['派出所', '国土所', '综合执法队', '财政所', '市场监管所']),
      person: n.person(),
      amount: money(r, 2000, 200000, 100),
    }),
    core: [
      ['举报{unit}<工作人员|所长|队长>{person}', '{unit}[的|][干部|工作人员]{person}'],
      ['<收受好处费{y:amount}|索要红包{y:amount}|吃拿卡要|公车私用|上班时间打牌>'],
    ],
    extra: [['[群众|大家][敢怒不敢言|都有意见]'], ['<有录音为证|有转账记录|有照片为证>']],
    demand: ['请求[纪委|监委]调查', '要求严肃查处{person}'],
  },
];

export const PROBLEM_BY_ID = new Map(PROBLEM_TYPES.map((t) => [t.id, t]));

// ---- rendering -----------------------------------------------------------------------------

const DIGITS = '零一二三四五六七八九';

/** 1..99 as Chinese numerals (2 may be 两). */
function chineseNumber(n: number, rng: Rng): string {
  if (n === 2) return rng.chance(0.5) ? '两' : '二';
  if (n < 10) return DIGITS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return (tens === 1 ? '十' : DIGITS[tens] + '十') + (ones ? DIGITS[ones] : '');
}

function fullWidth(s: string): string {
  return s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
}

function withCommas(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatCount(n: number, rng: Rng): string {
  const r = rng.next();
  if (n > 0 && n < 100 && r < 0.35) return chineseNumber(n, rng);
  if (r > 0.9) return fullWidth(String(n));
  if (n >= 1000 && r > 0.75) return withCommas(n);
  return String(n);
}

export function formatYuan(yuan: number, rng: Rng): string {
  const r = rng.next();
  if (yuan >= 10000 && yuan % 100 === 0) {
    const wan = yuan / 10000;
    if (r < 0.35) return `${wan}万元`;
    if (r < 0.45 && Number.isInteger(wan) && wan < 100) return `${chineseNumber(wan, rng)}万元`;
    if (r < 0.55) return `${Math.floor(wan)}万多元`;
  }
  if (r < 0.7) return `${yuan}元`;
  if (r < 0.85) return `${withCommas(yuan)}元`;
  if (r < 0.93) return `${fullWidth(String(yuan))}元`;
  return `${yuan}块钱`;
}

const OPENERS: Record<string, string[]> = {
  LETTER: ['来信反映：', '本人来信反映，', '', ''],
  PHONE: ['来电反映：', '来电人反映，', '', ''],
  VISIT: ['来访人反映，', '', ''],
  ONLINE: ['网上反映：', '', '', ''],
};
const COMMON_OPENERS = ['本人反映，', '我们反映，', '反映：', '', '', ''];
const GENERIC_EXTRAS = [
  '实在没有办法了',
  '生活十分困难',
  '[多次|反复]反映[都|]没有[结果|解决]',
  '望领导重视',
  '[至今|一直][仍然|]没有解决',
];

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function fill(template: string, facts: Facts, plan: IssuePlan, rng: Rng): string {
  // <a|b>: a fact of the issue, the same in all its petitions; [a|b]: this petition's wording.
  const issueRng = new Rng(plan.seed ^ hashString(template));
  const withFacts = template.replace(/<([^<>]*)>/g, (_, alts: string) => issueRng.pick(alts.split('|')));
  const chosen = withFacts.replace(/\[([^[\]]*)\]/g, (_, alts: string) => rng.pick(alts.split('|')));
  return chosen.replace(/\{(?:(n|y):)?(\w+)\}/g, (_, style: string | undefined, key: string) => {
    const v = facts[key];
    if (v === undefined) throw new Error(`template needs fact ${key}: ${template}`);
    if (style === 'n') return formatCount(Number(v), rng);
    if (style === 'y') return formatYuan(Number(v), rng);
    return String(v);
  });
}

export const MIN_TEXT_CHARS = 30;
export const MAX_TEXT_CHARS = 120;

/**
 * What one issue is about, beyond its names and numbers: which of the type's clause templates
 * describe it (this estate's lifts stop, that one's cameras are broken) and which details belong to
 * it. Paraphrases of the issue mostly keep to its plan and pick their own words; two issues of one
 * type usually have different plans, sometimes the same one (the hard negatives).
 */
export interface IssuePlan {
  seed: number;
  core: number[][];
  extra: boolean[];
}

export function makePlan(type: ProblemType, rng: Rng): IssuePlan {
  return {
    seed: rng.u32(),
    core: type.core.map((variants) => {
      const order = rng.shuffle(variants.map((_, i) => i));
      return order.slice(0, variants.length > 2 && rng.chance(0.35) ? 2 : 1);
    }),
    extra: type.extra.map(() => rng.chance(0.45)),
  };
}

/** One petition's summary + demands about an issue: a fresh paraphrase each call. */
export function renderText(type: ProblemType, facts: Facts, plan: IssuePlan, rng: Rng, channel: string): string {
  let best = '';
  for (let attempt = 0; attempt < 12; attempt++) {
    const damp = attempt < 6 ? 1 : attempt < 9 ? 0.4 : 0;
    const body = type.core.map((variants, c) =>
      fill(variants[rng.chance(0.85) ? rng.pick(plan.core[c]) : rng.int(0, variants.length - 1)], facts, plan, rng),
    );
    // Reorder: swap two clauses now and then (the demand stays where it belongs).
    if (body.length > 1 && rng.chance(0.35)) {
      const i = rng.int(0, body.length - 2);
      [body[i], body[i + 1]] = [body[i + 1], body[i]];
    }
    type.extra.forEach((variants, e) => {
      if (rng.chance((plan.extra[e] ? 0.65 : 0.04) * damp))
        body.splice(rng.int(1, body.length), 0, fill(rng.pick(variants), facts, plan, rng));
    });
    if (rng.chance(0.12 * damp)) body.push(fill(rng.pick(GENERIC_EXTRAS), facts, plan, rng));
    const demand = fill(rng.pick(type.demand), facts, plan, rng);
    const r = rng.next();
    const opener =
      r < 0.35
        ? fill(type.who, facts, plan, rng) + rng.pick(['反映：', '反映，', '来访反映：', '联名反映：'])
        : r < 0.65
          ? rng.pick(OPENERS[channel] ?? [''])
          : rng.pick(COMMON_OPENERS);
    const text = rng.chance(0.12) ? `${demand}：${body.join('，')}。` : `${opener}${body.join('，')}${rng.pick(['，', '。'])}${demand}。`;
    const len = Array.from(text).length;
    if (len >= MIN_TEXT_CHARS && len <= MAX_TEXT_CHARS) return text;
    if (!best || Math.abs(len - 75) < Math.abs(Array.from(best).length - 75)) best = text;
  }
  // Never seen with these templates; kept so the length contract holds whatever they become.
  const chars = Array.from(best);
  return chars.length > MAX_TEXT_CHARS ? chars.slice(0, MAX_TEXT_CHARS - 1).join('') + '。' : best.padEnd(MIN_TEXT_CHARS, '。');
}
