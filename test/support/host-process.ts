import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { request } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { clockTicks, procTimes } from '../../bench/cpu'
import { freePort } from '../../scripts/pg-cluster'

export interface HostAnswer {
  status: number
  body: unknown
}

/** One HTTP request to 127.0.0.1 with a time limit; a refused connection is status 0. */
export function callHost(url: string, method: 'GET' | 'POST', body?: unknown, headers: Record<string, string> = {}, timeoutMs = 10_000): Promise<HostAnswer> {
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : JSON.stringify(body)
    const req = request(url, { method, agent: false, timeout: timeoutMs, headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...headers } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let parsed: unknown = text
        try {
          parsed = JSON.parse(text)
        } catch {
          // Not JSON: the caller sees the raw text.
        }
        resolve({ status: res.statusCode ?? 0, body: parsed })
      })
      res.on('error', () => resolve({ status: 0, body: null }))
    })
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', () => resolve({ status: 0, body: null }))
    req.end(payload)
  })
}

export interface HostProcess {
  child: ChildProcess
  url: string
  /** Everything the host wrote to stdout and stderr so far. */
  output(): string
  alive(): boolean
  /** CPU time the process has used so far (Linux /proc), or null where that cannot be read. */
  cpuMs(): number | null
  /** Polls /healthz until it answers 200; returns the milliseconds since spawn. */
  waitHealthy(timeoutMs?: number): Promise<number>
  /** SIGTERM, then SIGKILL if it has not exited within the limit. */
  stop(): Promise<void>
}

/**
 * The host as `npm start` finally runs it, `node dist/server/start.js` (args: the bundle), in the
 * repository root as a child process of its own, on 127.0.0.1 and a free port.
 */
export async function spawnHost(args: string[], env: Record<string, string>): Promise<HostProcess> {
  const port = await freePort()
  const started = performance.now()
  const child = spawn(process.execPath, args, {
    env: { ...process.env, NODE_ENV: 'development', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  const alive = () => child.exitCode === null && child.signalCode === null
  const url = `http://127.0.0.1:${port}`
  return {
    child,
    url,
    output: () => output,
    alive,
    /** Every thread of the host (PGlite compiles WebAssembly on worker threads), user + system. */
    cpuMs() {
      const times = child.pid === undefined ? null : procTimes(child.pid)
      return times === null ? null : (times.ticks * 1000) / clockTicks
    },
    async waitHealthy(timeoutMs = 30_000) {
      const deadline = started + timeoutMs
      while (performance.now() < deadline) {
        if (!alive()) throw new Error(`主机进程已退出（${child.exitCode ?? child.signalCode}）：${output}`)
        const answer = await callHost(`${url}/healthz`, 'GET', undefined, {}, 2_000)
        if (answer.status === 200) return performance.now() - started
        await sleep(5)
      }
      throw new Error(`主机在 ${timeoutMs} ms 内没有就绪：${output}`)
    },
    async stop() {
      if (!alive()) return
      child.kill('SIGTERM')
      const killed = await Promise.race([exited.then(() => true), sleep(10_000, false, { ref: false })])
      if (!killed) {
        child.kill('SIGKILL')
        await exited
      }
    },
  }
}
