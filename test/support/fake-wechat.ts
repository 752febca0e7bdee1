import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * What the fake answers one send with: a WeChat errcode, an HTTP error from its gateway, or a
 * connection dropped after the request arrived (the send's fate unknown to the sender).
 */
export type FakeAnswer = number | { http: number } | { drop: true }

export interface FakeSend {
  accessToken: string
  touser: string
  template_id: string
  page: string
  data: Record<string, { value: string }>
  miniprogram_state: string
  lang: string
}

export interface FakeWechat {
  base: string
  /** Every send request, in arrival order, whatever it was answered. */
  requests: FakeSend[]
  /** Sends answered errcode 0: what reached users. */
  delivered: FakeSend[]
  tokenRequests: number
  /** The next answers for sends to this openid, in order; after them, success. */
  script(openid: string, answers: FakeAnswer[]): void
  /** WeChat invalidates the current access token: sends carrying it get 40001 until a new one is fetched. */
  expireToken(): void
  close(): Promise<void>
}

/**
 * A local stand-in for api.weixin.qq.com's two endpoints the sender uses, answering as WeChat
 * does: `POST /cgi-bin/stable_token` and `POST /cgi-bin/message/subscribe/send?access_token=`.
 * `delayMs` holds each send's answer for a while, so concurrent senders overlap.
 */
export async function startFakeWechat(options: { appId: string; appSecret: string; delayMs?: number }): Promise<FakeWechat> {
  let tokenSerial = 1
  let validToken = `token-${tokenSerial}`
  const scripts = new Map<string, FakeAnswer[]>()
  const fake: Omit<FakeWechat, 'base' | 'close'> = {
    requests: [],
    delivered: [],
    tokenRequests: 0,
    script: (openid, answers) => scripts.set(openid, [...(scripts.get(openid) ?? []), ...answers]),
    expireToken: () => {
      validToken = `token-${++tokenSerial}`
    },
  }
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>
    const url = new URL(req.url ?? '/', 'http://fake')
    const reply = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(payload))
    }
    if (req.method === 'POST' && url.pathname === '/cgi-bin/stable_token') {
      fake.tokenRequests++
      if (body.appid !== options.appId || body.secret !== options.appSecret) return reply(200, { errcode: 40125, errmsg: 'invalid appsecret' })
      return reply(200, { access_token: validToken, expires_in: 7200 })
    }
    if (req.method === 'POST' && url.pathname === '/cgi-bin/message/subscribe/send') {
      const send = { ...(body as Omit<FakeSend, 'accessToken'>), accessToken: url.searchParams.get('access_token') ?? '' }
      fake.requests.push(send)
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs))
      if (send.accessToken !== validToken) return reply(200, { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' })
      const answer = scripts.get(send.touser)?.shift() ?? 0
      if (typeof answer === 'object') {
        if ('drop' in answer) return req.socket.destroy()
        return reply(answer.http, { message: 'gateway error' })
      }
      if (answer === 0) fake.delivered.push(send)
      return reply(200, { errcode: answer, errmsg: answer === 0 ? 'ok' : `fake error ${answer}` })
    }
    reply(404, { errcode: 404, errmsg: 'not found' })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return Object.assign(fake, {
    base: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  })
}
