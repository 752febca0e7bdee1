import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, STATUS_CODES } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { extname, join, normalize, resolve } from 'node:path'
import { createGzip } from 'node:zlib'
import { errorMessages } from '../src/shared/errors'
import type { ApiResult } from '../src/shared/errors'
import { dispatch, httpStatusOf } from './action'
import type { Deps } from './action'
import { AppError } from './errors'
import { handleUpload, serveFile } from './files/http'
import type { Reply } from './files/http'
import { maxInputBytes } from './input-guard'
import { registry } from './registry'

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
}
const compressible = new Set(['.html', '.js', '.css', '.json', '.svg'])

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  // content-length is set by hand so a HEAD answer carries the headers of the JSON it omits.
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    ...headers,
  })
  res.end(text)
}

function failure(error: AppError): ApiResult<never> {
  return { ok: false, error: error.toApiError() }
}

function sendError(res: ServerResponse, status: number, error: AppError, headers?: Record<string, string>): void {
  sendJson(res, status, failure(error), headers)
}

const bodyLimit = maxInputBytes + 1024
const tooLarge = Symbol('too large')

/**
 * Reads at most maxInputBytes of body (plus room for the envelope). A larger body, declared or
 * chunked, is not read further: the caller answers 413 and closes the connection, which is
 * the only way to stop a sender without reading what it still has to send.
 */
function readBody(req: IncomingMessage): Promise<Buffer | typeof tooLarge> {
  return new Promise((resolveBody, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > bodyLimit) return resolveBody(tooLarge)
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > bodyLimit) {
        req.off('data', onData)
        resolveBody(tooLarge)
        return
      }
      chunks.push(chunk)
    }
    req.on('data', onData)
    req.on('end', () => resolveBody(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

async function handleApi(deps: Deps, req: IncomingMessage, res: ServerResponse, functionName: string): Promise<void> {
  const body = await readBody(req)
  if (body === tooLarge) {
    sendError(res, 413, new AppError('PAYLOAD_TOO_LARGE'), { connection: 'close' })
    return
  }
  let event: unknown
  try {
    event = JSON.parse(body.toString('utf8') || '{}')
  } catch {
    sendError(res, 400, new AppError('BAD_REQUEST'))
    return
  }
  const auth = req.headers.authorization
  const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : null
  const result = await dispatch(deps, registry, functionName, event, { kind: 'token', token })
  sendJson(res, httpStatusOf(result), result)
}

/** The build names chunks and assets `name.[contenthash:8].ext` (config/index.ts). */
const contentHashed = /\.[0-9a-f]{8}\.[a-z0-9]+$/

const notFoundBody = '404 未找到该文件\n'

function sendNotFound(res: ServerResponse): void {
  res.writeHead(404, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(notFoundBody)),
    'cache-control': 'no-store',
  })
  res.end(notFoundBody)
}

function serveStatic(h5Dir: string, req: IncomingMessage, res: ServerResponse): void {
  let relative: string
  try {
    const url = new URL(req.url ?? '/', 'http://localhost')
    relative = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '')
  } catch {
    sendError(res, 400, new AppError('BAD_REQUEST', '请求地址不正确'))
    return
  }
  const file = resolve(h5Dir, relative || 'index.html')
  if (!file.startsWith(resolve(h5Dir))) {
    sendError(res, 403, new AppError('FORBIDDEN', '禁止访问该路径'))
    return
  }
  const isApp = file === join(resolve(h5Dir), 'index.html')
  if (!existsSync(file) || statSync(file).isDirectory()) {
    if (isApp) sendError(res, 503, new AppError('INTERNAL', 'H5 应用尚未构建，请运行 npm run build:h5'))
    // The hash router needs no fallback, so a missing file is a real miss: a browser or crawler
    // asking for /favicon.ico or a stale chunk must not get the app's HTML with a 200.
    else sendNotFound(res)
    return
  }
  const ext = extname(file)
  const headers: Record<string, string> = {
    'content-type': contentTypes[ext] ?? 'application/octet-stream',
    // Hashed asset names change with content; the HTML and unhashed files (the favicon) must stay fresh.
    'cache-control': contentHashed.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache',
  }
  const gzip = compressible.has(ext) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
  if (gzip) headers['content-encoding'] = 'gzip'
  res.writeHead(200, headers)
  // A file that vanishes after the checks above must end this response, not the process.
  const stream = createReadStream(file).on('error', () => res.destroy())
  ;(gzip ? stream.pipe(createGzip()) : stream).pipe(res)
}

/** Node's parser errors (oversized headers, malformed requests) get the JSON error shape too. */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy()
    return
  }
  const [status, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, '请求头过大']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, '请求超时']
        : [400, errorMessages.BAD_REQUEST]
  const body = JSON.stringify(failure(new AppError('BAD_REQUEST', message)))
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n${body}`,
  )
}

export interface HostOptions {
  deps: Deps
  h5Dir: string
  port: number
  host?: string
}

export interface RunningHost {
  server: Server
  url: string
  close(): Promise<void>
}

/** The self-hosted path: the H5 app, the same function handlers over HTTP, and a health check. */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const { deps, h5Dir } = options
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    if (path === '/api' || path.startsWith('/api/')) {
      const api = /^\/api\/([a-z][a-z-]*)\/?$/.exec(path)
      if (!api) {
        sendError(res, 404, new AppError('UNKNOWN_FUNCTION'))
        return
      }
      if (req.method !== 'POST') {
        sendError(res, 405, new AppError('BAD_REQUEST', '请使用 POST 调用接口'), { allow: 'POST' })
        return
      }
      handleApi(deps, req, res, api[1]).catch((error) => {
        console.error(JSON.stringify({ level: 'error', msg: 'api failure', error: String(error) }))
        if (!res.headersSent) sendError(res, 500, new AppError('INTERNAL'))
      })
      return
    }
    const reply: Reply = (status, body, headers) => sendJson(res, status, body, headers)
    if (path === '/upload') {
      if (req.method !== 'POST') {
        sendError(res, 405, new AppError('BAD_REQUEST', '请使用 POST 上传文件'), { allow: 'POST' })
        return
      }
      handleUpload(deps, req, reply).catch((error) => {
        console.error(JSON.stringify({ level: 'error', msg: 'upload failure', error: String(error) }))
        if (!res.headersSent) sendError(res, 500, new AppError('INTERNAL'))
      })
      return
    }
    if (path === '/healthz') {
      deps.db
        .query<{ version: string }>('SELECT version()')
        .then(([row]) => sendJson(res, 200, { ok: true, database: deps.db.kind, version: row.version }))
        .catch(() => sendJson(res, 503, { ...failure(new AppError('DB_UNAVAILABLE')), database: deps.db.kind }))
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendError(res, 405, new AppError('BAD_REQUEST', '不支持的请求方法'), { allow: 'GET, HEAD' })
      return
    }
    if (path.startsWith('/files/')) {
      serveFile(deps, req, res, reply)
        .then((served) => served || sendNotFound(res))
        .catch(() => res.headersSent ? res.destroy() : sendNotFound(res))
      return
    }
    serveStatic(h5Dir, req, res)
  })
  server.on('clientError', answerClientError)
  await new Promise<void>((ready) => server.listen(options.port, options.host ?? '127.0.0.1', ready))
  const { port } = server.address() as AddressInfo
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  }
}
