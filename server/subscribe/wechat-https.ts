import type { WechatApi } from '../env'
import { outcomeOf } from './channel'
import type { SendOutcome, SubscribeChannel, SubscribeSend } from './channel'

/** Each request to WeChat gives up after this long; a sender's lease is far longer (sender.ts). */
const requestTimeoutMs = 10_000
/** A token is renewed this long before WeChat says it expires, so no send carries one that just lapsed. */
const renewBeforeMs = 5 * 60_000
/** The token was invalidated or expired on WeChat's side. */
const staleTokenCodes = new Set([40001, 42001, 40014])
/** Failures to open a connection: the request never left. */
const notConnectedCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT'])

/**
 * Why a request to WeChat failed: `not_sent` (no connection, or WeChat's server answered with an
 * HTTP error, so it did not act on it) or `unknown` (a timeout or a connection lost after the
 * request went out).
 */
class RequestError extends Error {
  constructor(
    message: string,
    readonly delivery: 'not_sent' | 'unknown',
  ) {
    super(message)
  }
}

class TokenError extends Error {
  constructor(
    message: string,
    readonly answered: boolean,
  ) {
    super(message)
  }
}

interface WechatAnswer {
  errcode?: number
  errmsg?: string
}

function causeCode(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined
  return typeof cause?.code === 'string' ? cause.code : ''
}

async function postJson<T>(url: string, body: unknown): Promise<T> {
  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(requestTimeoutMs),
    })
  } catch (error) {
    const code = causeCode(error)
    const message = `${error instanceof Error ? error.message : String(error)}${code ? ` (${code})` : ''}`
    throw new RequestError(message, notConnectedCodes.has(code) ? 'not_sent' : 'unknown')
  }
  if (!response.ok) throw new RequestError(`HTTP ${response.status}`, 'not_sent')
  try {
    return (await response.json()) as T
  } catch (error) {
    throw new RequestError(`无法解析的应答：${error instanceof Error ? error.message : String(error)}`, 'unknown')
  }
}

/**
 * The access token from `stable_token`, shared by every send of this process: fetched once when
 * first needed (concurrent sends wait for the same request), kept until shortly before it
 * expires, and fetched again when a send finds it stale. `stable_token` (not `/cgi-bin/token`)
 * because its tokens do not invalidate one another: a second host with the same AppID cannot cut
 * this one off.
 */
class AccessToken {
  private current: { token: string; renewAt: number } | null = null
  private fetching: Promise<string> | null = null

  constructor(private readonly api: WechatApi) {}

  get(): Promise<string> {
    if (this.current && Date.now() < this.current.renewAt) return Promise.resolve(this.current.token)
    this.fetching ??= this.fetch().finally(() => {
      this.fetching = null
    })
    return this.fetching
  }

  /** Drops `stale` unless another send already replaced it, so one stale token causes one fetch. */
  invalidate(stale: string): void {
    if (this.current?.token === stale) this.current = null
  }

  private async fetch(): Promise<string> {
    let answer: WechatAnswer & { access_token?: string; expires_in?: number }
    try {
      answer = await postJson(`${this.api.base}/cgi-bin/stable_token`, {
        grant_type: 'client_credential',
        appid: this.api.appId,
        secret: this.api.appSecret,
        force_refresh: false,
      })
    } catch (error) {
      throw new TokenError(`获取 access_token 失败：${error instanceof Error ? error.message : String(error)}`, false)
    }
    if (!answer.access_token || !answer.expires_in) {
      throw new TokenError(`获取 access_token 失败：${answer.errcode ?? ''} ${answer.errmsg ?? ''}`.trim(), true)
    }
    this.current = { token: answer.access_token, renewAt: Date.now() + answer.expires_in * 1000 - renewBeforeMs }
    return answer.access_token
  }
}

function sendBody(message: SubscribeSend) {
  return {
    touser: message.openid,
    template_id: message.templateId,
    page: message.page,
    data: message.data,
    miniprogram_state: message.miniprogramState,
    lang: 'zh_CN',
  }
}

/** The self-hosted channel: WeChat's HTTPS API with the host's own AppID and secret. */
export function createHttpsChannel(api: WechatApi): SubscribeChannel {
  const token = new AccessToken(api)

  async function attempt(message: SubscribeSend): Promise<{ outcome: SendOutcome; staleToken: string | null }> {
    const accessToken = await token.get()
    const answer = await postJson<WechatAnswer>(
      `${api.base}/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(accessToken)}`,
      sendBody(message),
    )
    const errcode = answer.errcode ?? 0
    return { outcome: outcomeOf(errcode, answer.errmsg ?? ''), staleToken: staleTokenCodes.has(errcode) ? accessToken : null }
  }

  return {
    name: 'https',
    async send(message) {
      try {
        const first = await attempt(message)
        if (!first.staleToken) return first.outcome
        // WeChat refused the token, so this send did not go out: one fresh token, one more try.
        token.invalidate(first.staleToken)
        return (await attempt(message)).outcome
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error)
        // A token WeChat would not give is a matter an operator can fix (secret, IP allow-list): try again later.
        if (error instanceof TokenError) return { result: 'temporary', error: text, answered: error.answered }
        if (error instanceof RequestError && error.delivery === 'not_sent') return { result: 'temporary', error: text, answered: false }
        return { result: 'unknown', error: text }
      }
    },
  }
}

const channels = new Map<string, SubscribeChannel>()

/** One channel (and so one cached token) per AppID and API base for the whole process. */
export function httpsChannelFor(api: WechatApi): SubscribeChannel {
  const key = `${api.base}|${api.appId}`
  let channel = channels.get(key)
  if (!channel) {
    channel = createHttpsChannel(api)
    channels.set(key, channel)
  }
  return channel
}
