/**
 * Stable error codes and their default Simplified-Chinese messages.
 * Codes never change once shipped: clients and tests match on them.
 */
export const errorMessages = {
  BAD_REQUEST: '请求格式不正确',
  PAYLOAD_TOO_LARGE: '请求内容过大（上限 64 KB）',
  UNKNOWN_FUNCTION: '不存在的服务',
  UNKNOWN_ACTION: '不存在的操作',
  VALIDATION_FAILED: '提交的内容有误',
  UNAUTHENTICATED: '请先登录',
  SESSION_EXPIRED: '登录已过期，请重新登录',
  FORBIDDEN: '您没有权限执行此操作',
  OUT_OF_SCOPE: '所选内容不在您可管理的组织范围内',
  NOT_MEMBER: '请先完成入会认证',
  NOT_FOUND: '内容不存在或已删除',
  DEMO_DISABLED: '生产环境不提供演示登录',
  DEMO_ACCOUNT_GONE: '该演示账号已失效，请以新用户身份重新登录',
  ID_NUMBER_INVALID: '身份证号码无效，请核对后重新填写',
  ID_NUMBER_TAKEN: '该身份证号码已绑定其他账号',
  BRANCH_NOT_GRASSROOTS: '请选择您所在的基层工会（企业或行业工会）',
  SELF_REVIEW: '不能审核自己的入会申请',
  SELF_GRANT: '不能给自己发放积分或授予角色',
  ALREADY_MEMBER: '您已经是认证会员',
  APPLICATION_PENDING: '您的入会申请正在审核中，请耐心等待',
  APPLICATION_NOT_PENDING: '该申请已处理，无法重复审核',
  CARD_TOKEN_INVALID: '会员码无效',
  CARD_TOKEN_EXPIRED: '会员码已过期，请让会员刷新后重新出示',
  CARD_TOKEN_USED: '该会员码已被核验过，请让会员刷新后重新出示',
  NOTICE_NOT_EDITABLE: '只有草稿或未到发布时间的通知可以编辑',
  NOTICE_STATE_CONFLICT: '通知当前状态不允许此操作',
  INVALID_SCHEDULE: '发布时间或过期时间设置不正确',
  SELF_REVOKE: '不能撤销自己的角色',
  ROLE_EXISTS: '该成员已拥有此角色',
  INSUFFICIENT_POINTS: '积分不足',
  SOLD_OUT: '商品已兑完',
  SALE_NOT_STARTED: '兑换尚未开始',
  SALE_ENDED: '兑换已结束',
  ITEM_OFF_SHELF: '商品已下架',
  LIMIT_REACHED: '已达到该商品的限购数量',
  ADDRESS_REQUIRED: '请填写收货地址',
  QUANTITY_NOT_ALLOWED: '虚拟券每次只能兑换 1 件',
  NO_BUDGET: '本单位今年尚未设置积分发放预算',
  BUDGET_EXCEEDED: '本单位今年的积分发放预算不足',
  BUDGET_TOO_LOW: '预算不能低于已发放和已分配给下级的积分',
  ORDER_STATE_CONFLICT: '订单当前状态不允许此操作',
  PICKUP_CODE_INVALID: '核销码无效或已使用',
  TOO_MANY_ATTEMPTS: '核销码错误次数过多，请 10 分钟后再试',
  ITEM_KIND_MISMATCH: '该操作不适用于此类商品',
  STOCK_TOO_LARGE: '库存数量超出上限',
  PICKUP_POINT_IN_USE: '该自提点仍有商品或订单在使用，暂不能停用',
  PICKUP_POINT_RETIRED: '该自提点已停用，请选择其他自提点',
  SUBSCRIBE_TEMPLATE_UNKNOWN: '订阅消息模板不存在或已停用',
  FILE_TOO_LARGE: '文件超过大小上限',
  FILE_TYPE_NOT_ALLOWED: '不支持的文件类型',
  FILE_CORRUPT: '文件已损坏或不完整，请重新选择',
  IMAGE_TOO_LARGE: '图片尺寸过大，请压缩后重试',
  UPLOAD_INCOMPLETE: '文件未完整上传，请重试',
  UPLOAD_TICKET_INVALID: '上传凭证无效，请重新上传',
  UPLOAD_TICKET_EXPIRED: '上传凭证已过期，请重新上传',
  UPLOAD_TICKET_USED: '该上传凭证已使用，请重新上传',
  FILE_NOT_YOURS: '只能使用您自己上传的文件',
  FILE_WRONG_PURPOSE: '该文件不能用于此处',
  FILE_NOT_READY: '文件尚未上传完成',
  FILE_IN_USE: '该文件已用于其他内容，请重新上传',
  NOTICE_IMAGE_NOT_UPLOADED: '正文图片须通过「图片」按钮上传，不能引用其他网站的图片地址',
  AID_PLAN_FROZEN: '互助计划已开放参保，规则不能再修改；如需更正，请创建新版本',
  AID_PLAN_STATE_CONFLICT: '互助计划当前状态不允许此操作',
  AID_PLAN_VERSION_EXISTS: '该计划已有更正版本，请在最新版本上修改',
  AID_NOT_COVERED: '没有生效中的医疗互助保障',
  AID_OVERRIDE_REASON_REQUIRED: '核定金额与计算金额不同，请填写原因',
  AID_OVERRIDE_TOO_HIGH: '核定金额超过可支付的上限',
  AID_PAYOUT_CONFLICT: '该来源已记过互助金，不能重复记账',
  AID_HEALTH_CONSENT_REQUIRED: '提交互助申请前，请先阅读并同意健康信息使用授权',
  AID_HEALTH_CONSENT_OUTDATED: '授权说明已更新，请重新阅读后同意',
  AID_CLAIM_COVERAGE_NOT_FOUND: '未找到您的这项互助保障',
  AID_CLAIM_COVERAGE_LAPSED: '就诊时该保障不在有效期内，不能申请',
  AID_CLAIM_IN_OBSERVATION: '入院日期在观察期内，不能申请互助金',
  AID_CLAIM_FILING_CLOSED: '已超过该计划的申请期限',
  AID_CLAIM_BILL_INVALID: '费用金额有误，请核对后重新填写',
  AID_CLAIM_DATES_INVALID: '就诊日期有误，请核对后重新填写',
  AID_CLAIM_ILLNESS_UNKNOWN: '该重大疾病不在本计划的保障范围内',
  AID_CLAIM_DOCUMENTS_MISSING: '申请材料不齐，请按清单上传',
  AID_CLAIM_STATE_CONFLICT: '该申请当前状态不允许此操作',
  AID_CLAIM_DUPLICATE: '这次就诊已经申请过互助金，请勿重复申请',
  AID_CLAIM_TAKEN: '该申请已由其他审核员受理',
  AID_CLAIM_NOT_TAKEN: '请先受理该申请再处理',
  AID_SELF_REVIEW: '不能处理本人的互助申请',
  AID_SECOND_REVIEW_NOT_ALLOWED: '复核须由初审人以外、上级组织的互助审核员完成',
  SERVICE_MISCONFIGURED: '服务部署配置有误，请联系管理员',
  DB_UNAVAILABLE: '服务暂时不可用，请稍后重试',
  INTERNAL: '服务器开小差了，请稍后再试',
} as const

export type ErrorCode = keyof typeof errorMessages

export interface ApiError {
  code: ErrorCode
  message: string
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError }

/** Cursor-paginated list: `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[]
  nextCursor: string | null
}
