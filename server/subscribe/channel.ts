import { wxCloudSdk } from '../wechat/cloud-sdk'

/** One subscribe message as WeChat takes it. */
export interface SubscribeSend {
  openid: string
  templateId: string
  /** A page of the mini-program with its query, without the leading slash. */
  page: string
  data: Record<string, { value: string }>
  miniprogramState: 'developer' | 'trial' | 'formal'
}

/**
 * What became of a send. `refused`: the user has no subscription left with WeChat. `permanent`:
 * WeChat answered that this send can never work (bad openid, data or template); nothing went
 * out. `temporary`: worth another try later; `answered` says WeChat itself replied (so nothing
 * went out), as opposed to a connection that never opened. `unknown`: the request may have reached
 * WeChat (a timeout, a connection lost mid-request); it is never sent again (sender.ts).
 */
export type SendOutcome =
  | { result: 'sent' }
  | { result: 'refused'; error: string }
  | { result: 'permanent'; error: string }
  | { result: 'temporary'; error: string; answered: boolean }
  | { result: 'unknown'; error: string }

export interface SubscribeChannel {
  name: 'https' | 'cloud'
  send(message: SubscribeSend): Promise<SendOutcome>
}

/**
 * WeChat's error codes for subscribeMessage.send, sorted by what to do. Busy, rate limits and an
 * access token that went stale (refreshed once by the HTTPS channel before it gets here) are
 * temporary; everything else WeChat refuses is permanent, so an unknown code is never hammered.
 */
const temporaryCodes = new Set([
  -1, // 系统繁忙
  45009, // 接口调用超过限额
  45011, // API 调用太频繁
  45047, // 客服接口下行条数超过上限
  40001, // access_token 无效（刷新后仍然）
  42001, // access_token 过期（刷新后仍然）
  40014, // 不合法的 access_token
])
/** 43101: the user refused, or has no subscription left for this template. */
const refusedCode = 43101

export function outcomeOf(errcode: number, errmsg: string): SendOutcome {
  if (errcode === 0) return { result: 'sent' }
  const error = `${errcode} ${errmsg}`.trim()
  if (errcode === refusedCode) return { result: 'refused', error }
  if (temporaryCodes.has(errcode)) return { result: 'temporary', error, answered: true }
  return { result: 'permanent', error }
}

/** The error code wx-server-sdk puts on what it throws, when it has one. */
function cloudErrCode(error: unknown): { errCode: number; errMsg: string } | null {
  if (typeof error !== 'object' || error === null || !('errCode' in error)) return null
  const { errCode, errMsg } = error as { errCode: unknown; errMsg?: unknown }
  return typeof errCode === 'number' ? { errCode, errMsg: String(errMsg ?? '') } : null
}

/** Inside a WeChat cloud function: the platform holds the access token. */
export const cloudChannel: SubscribeChannel = {
  name: 'cloud',
  async send(message) {
    try {
      const answer = await wxCloudSdk().openapi.subscribeMessage.send({
        touser: message.openid,
        templateId: message.templateId,
        page: message.page,
        data: message.data,
        miniprogramState: message.miniprogramState,
      })
      return outcomeOf(answer.errCode, answer.errMsg)
    } catch (error) {
      const coded = cloudErrCode(error)
      if (coded) return outcomeOf(coded.errCode, coded.errMsg)
      // Thrown without WeChat's answer: the call may have got through.
      return { result: 'unknown', error: error instanceof Error ? error.message : String(error) }
    }
  },
}
