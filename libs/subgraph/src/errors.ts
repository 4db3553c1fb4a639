import { GraphQLError } from 'graphql';

// Every refusal a client can see has a stable code and a message a clerk can read.
// The catalogue lives in one place so docs/api.md and the services cannot drift apart.
export const ERROR_MESSAGES = {
  BAD_USER_INPUT: '输入有误',
  UNAUTHENTICATED: '未登录或登录凭证无效',
  FORBIDDEN: '无权执行此操作',
  FORBIDDEN_DEPARTMENT: '无权查看或办理其他单位的信访件',
  NOT_FOUND: '记录不存在',
  PETITION_NOT_FOUND: '信访件不存在',
  PETITIONER_NOT_FOUND: '信访人不存在',
  CASE_NOT_FOUND: '案件不存在',
  INVALID_ID_NUMBER: '身份证号码无效',
  INVALID_REGION_CODE: '行政区划代码无效',
  INVALID_CATEGORY: '问题类别不存在',
  INVALID_DEPARTMENT: '单位不存在',
  HEADCOUNT_REQUIRED: '集体访须填写人数',
  TOO_MANY_REPRESENTATIVES: '集体访代表不得超过5人',
  INVALID_STATE: '当前状态不允许此操作',
  ALREADY_ROUTED: '信访件已转送或交办',
  ALREADY_DECIDED: '信访件已作出处理决定',
  LEGAL_CHANNEL_REQUIRED: '不予受理须告知信访人法定途径',
  ROUTING_TO_SELF: '不能将检举控告转交被检举单位',
  REPEAT_OF_SELF: '不能将信访件关联为自身的重复件',
  RETURN_PERIOD_PASSED: '超过5个工作日的退回期限',
  EXTENSION_ALREADY_USED: '办理期限只能延长一次',
  EXTENSION_TOO_LONG: '延长期限不得超过30日',
  REPLY_BEFORE_ACCEPTANCE: '案件尚未受理，不能答复',
  ALREADY_RATED: '已作出满意度评价',
  REVIEW_PERIOD_PASSED: '超过30日的复查（复核）申请期限',
  NO_LONGER_ACCEPTED: '该事项已复核终结，不再受理',
  TRACKING_NOT_FOUND: '查询码或查询密码错误',
  HOTSPOT_NOT_FOUND: '热点不存在',
  ALERT_NOT_FOUND: '预警不存在',
  UNIT_NOT_FOUND: '排查单位不存在',
  RISK_ITEM_NOT_FOUND: '隐患不存在',
  ALREADY_REPORTED: '本期已报送',
  PERIOD_NOT_OPEN: '不能报送该期',
  HALL_NOT_FOUND: '接访大厅不存在',
  STATION_NOT_FOUND: '窗口不存在',
  DEPARTMENT_NOT_STATIONED: '该单位未进驻本大厅',
  SHIFT_NOT_FOUND: '值班安排不存在',
  NOT_ON_ROSTER: '不在本班次的值班名单中',
  ALREADY_CHECKED_IN: '已签到',
  NOT_CHECKED_IN: '尚未签到',
  ALREADY_CHECKED_OUT: '已签退',
  TICKET_NOT_FOUND: '排队号不存在',
  NO_OFFICER_ON_DUTY: '该窗口无人在岗，不能叫号',
  TICKET_ALREADY_SERVED: '该号已接待完毕',
  TICKET_NOT_CALLED: '该号尚未叫号',
  PETITION_NOT_REGISTERED: '诉求单所附信访件尚未登记',
  JOINT_SESSION_NOT_FOUND: '联合接访不存在',
  JOINT_SESSION_NEEDS_TWO_DEPARTMENTS: '联合接访须有两个以上进驻单位参加',
  RECEPTION_DAY_NOT_FOUND: '领导接访日不存在',
  RECEPTION_DAY_FULL: '该接访日预约已满',
  ALREADY_BOOKED: '该信访件已预约本接访日',
  APPOINTMENT_NOT_FOUND: '预约不存在',
  ACCUSED_UNIT_EXCLUDED: '被检举单位不得参与办理针对本单位的检举控告',
  QUERY_TOO_DEEP: '查询嵌套层级过深',
  TOO_MANY_ALIASES: '查询别名过多',
  QUERY_TOO_COMPLEX: '查询过于复杂，请缩小范围或分页',
  PAGE_TOO_LARGE: '每页条数超过上限',
  BATCH_TOO_LARGE: '批量请求的操作过多',
  PAYLOAD_TOO_LARGE: '请求体过大',
  RATE_LIMITED: '请求过于频繁，请稍后再试',
  REQUEST_TIMEOUT: '请求处理超时，请缩小查询范围后重试',
  INTERNAL_SERVER_ERROR: '服务器内部错误，请稍后重试或联系管理员',
  SERVICE_UNAVAILABLE: '服务暂时不可用，请稍后重试',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export interface CodedErrorDetails {
  field?: string;
  [key: string]: unknown;
}

/** A refusal with a stable `extensions.code` and a Chinese message ending in the English code. */
export class CodedError extends GraphQLError {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, detail?: string, extensions: CodedErrorDetails = {}) {
    const base = ERROR_MESSAGES[code];
    super(`${detail ? `${base}：${detail}` : base} (${code})`, { extensions: { ...extensions, code } });
    this.code = code;
  }
}
