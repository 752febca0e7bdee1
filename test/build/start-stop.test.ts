import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../scripts/pg-cluster'
import { callHost } from '../support/host-process'
import { ensureH5Build } from '../support/host'

/** Process ids in a process group, from /proc (Linux). */
function groupMembers(pgid: number): number[] {
  const members: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(join('/proc', entry, 'stat'), 'utf8')
      // Fields after the command name, which may itself hold spaces and parentheses.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      // state is fields[0], pgid fields[2]; a zombie has let go of everything it held.
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') members.push(Number(entry))
    } catch {
      // The process ended while the directory was read.
    }
  }
  return members
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs
  while (performance.now() < deadline) {
    if (await condition()) return true
    await sleep(50)
  }
  return condition()
}

interface Started {
  npm: ChildProcess
  url: string
  output(): string
}

const started: Started[] = []
const dataDirs: string[] = []

/**
 * `npm start` as a person runs it, on a free port and a throw-away data dir. Its own process
 * group (as a terminal gives it) lets the test find every process it started, and kill them if
 * the test fails.
 */
async function npmStart(): Promise<Started> {
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'jx-start-stop-'))
  dataDirs.push(dataDir)
  const npm = spawn('npm', ['start'], {
    env: { ...process.env, NODE_ENV: 'development', PORT: String(port), DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let output = ''
  npm.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
  npm.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
  const run = { npm, url: `http://127.0.0.1:${port}`, output: () => output }
  started.push(run)
  const healthy = await until(async () => (await callHost(`${run.url}/healthz`, 'GET', undefined, {}, 1_000)).status === 200, 90_000)
  if (!healthy) throw new Error(`npm start 没有就绪：${output}`)
  return run
}

async function expectAllStopped(run: Started): Promise<void> {
  const pgid = run.npm.pid ?? 0
  const exited = await until(() => run.npm.exitCode !== null || run.npm.signalCode !== null, 5_000)
  await until(() => groupMembers(pgid).length === 0, 5_000)
  const answer = await callHost(`${run.url}/healthz`, 'GET', undefined, {}, 1_000)
  expect({ npmExited: exited, leftRunning: groupMembers(pgid), portAnswers: answer.status !== 0 }).toEqual({ npmExited: true, leftRunning: [], portAnswers: false })
}

describe('npm start stops completely', () => {
  // npm start builds a missing H5 app; a ready one keeps this test about stopping.
  beforeAll(ensureH5Build)

  afterEach(() => {
    for (const run of started.splice(0)) {
      try {
        process.kill(-(run.npm.pid ?? 0), 'SIGKILL')
      } catch {
        // Already stopped, as it should be.
      }
    }
    for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  it('SIGTERM to the npm process (kill <pid>) stops the host and frees the port', async () => {
    const run = await npmStart()
    run.npm.kill('SIGTERM')
    await expectAllStopped(run)
  })

  it('SIGINT to the npm process stops the host and frees the port', async () => {
    const run = await npmStart()
    run.npm.kill('SIGINT')
    await expectAllStopped(run)
  })

  it('Ctrl-C or a closed terminal (SIGINT, SIGHUP to the whole group) stops everything', async () => {
    for (const signal of ['SIGINT', 'SIGHUP'] as const) {
      const run = await npmStart()
      process.kill(-(run.npm.pid ?? 0), signal)
      await expectAllStopped(run)
    }
  })
})
