import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve } from 'node:path'
import { createGzip } from 'node:zlib'
import type { ApiResult } from '../src/shared/errors'
import { dispatch, httpStatusOf, maxInputBytes } from './action'
import type { Deps } from './action'
import { AppError } from './errors'
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

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(text)
}

function failure(error: AppError): ApiResult<never> {
  return { ok: false, error: error.toApiError() }
}

/** Reads at most maxInputBytes of body (plus room for the envelope); more is refused unread. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  const limit = maxInputBytes + 1024
  return new Promise((resolveBody, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0)
    if (declared > limit) return reject(new AppError('PAYLOAD_TOO_LARGE'))
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        reject(new AppError('PAYLOAD_TOO_LARGE'))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolveBody(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

async function handleApi(deps: Deps, req: IncomingMessage, res: ServerResponse, functionName: string): Promise<void> {
  let event: unknown
  try {
    const body = await readBody(req)
    event = JSON.parse(body.toString('utf8') || '{}')
  } catch (error) {
    const appError = error instanceof AppError ? error : new AppError('BAD_REQUEST')
    sendJson(res, appError.status, failure(appError))
    return
  }
  const auth = req.headers.authorization
  const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : null
  const result = await dispatch(deps, registry, functionName, event, { kind: 'token', token })
  sendJson(res, httpStatusOf(result), result)
}

function serveStatic(h5Dir: string, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://localhost')
  const relative = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '')
  let file = resolve(h5Dir, relative || 'index.html')
  if (!file.startsWith(resolve(h5Dir))) {
    res.writeHead(403).end()
    return
  }
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(h5Dir, 'index.html')
  if (!existsSync(file)) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('H5 应用尚未构建，请运行 npm run build:h5')
    return
  }
  const ext = extname(file)
  const headers: Record<string, string> = {
    'content-type': contentTypes[ext] ?? 'application/octet-stream',
    // Hashed asset names change with content; the HTML must always be fresh.
    'cache-control': ext === '.html' ? 'no-cache' : 'public, max-age=31536000, immutable',
  }
  const gzip = compressible.has(ext) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
  if (gzip) headers['content-encoding'] = 'gzip'
  res.writeHead(200, headers)
  const stream = createReadStream(file)
  ;(gzip ? stream.pipe(createGzip()) : stream).pipe(res)
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
    const api = /^\/api\/([a-z][a-z-]*)\/?$/.exec(path)
    if (api) {
      if (req.method !== 'POST') {
        sendJson(res, 405, failure(new AppError('BAD_REQUEST', '请使用 POST 调用接口')))
        return
      }
      handleApi(deps, req, res, api[1]).catch((error) => {
        console.error(JSON.stringify({ level: 'error', msg: 'api failure', error: String(error) }))
        if (!res.headersSent) sendJson(res, 500, failure(new AppError('INTERNAL')))
      })
      return
    }
    if (path.startsWith('/api/')) {
      sendJson(res, 404, failure(new AppError('UNKNOWN_FUNCTION')))
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
      res.writeHead(405).end()
      return
    }
    serveStatic(h5Dir, req, res)
  })
  await new Promise<void>((ready) => server.listen(options.port, options.host ?? '127.0.0.1', ready))
  const { port } = server.address() as AddressInfo
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  }
}
