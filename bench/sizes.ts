import { spawnSync } from 'node:child_process'
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs'
import { join, normalize } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { measureH5FirstLoads } from './h5-load'
import type { H5FirstLoads } from './h5-load'
import { round } from './stats'

export interface PackageSizes {
  weapp_main_kb: number | null
  weapp_subpackages_kb: Record<string, number> | null
  /** What Chromium loads for a first visit of the home page (bench/h5-load.ts). */
  h5: H5FirstLoads | null
  /** Why a figure is null, or which build was measured. */
  notes: string[]
}

const kb = (bytes: number) => round(bytes / 1024, 1)

/** The build's own error lines, without the progress bar's terminal escapes. */
function buildErrors(output: string): string {
  const lines = output.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').split('\n').map((l) => l.trim()).filter(Boolean)
  const errors = lines.filter((l) => /error|错误|失败|cannot|not found/i.test(l))
  return (errors.length ? errors : lines).slice(-12).join(' | ')
}

/** Files, bytes and newest change under dir; the same twice in a row means nothing writes it. */
function signature(dir: string): string {
  if (!existsSync(dir)) return 'absent'
  let files = 0
  let bytes = 0
  let newest = 0
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.isFile()) {
        const stat = lstatSync(path)
        files++
        bytes += stat.size
        newest = Math.max(newest, stat.mtimeMs)
      }
    }
  }
  try {
    walk(dir)
  } catch {
    // A file vanished under the walk: a build is rewriting the directory.
    return `changing:${Date.now()}`
  }
  return `${files}:${bytes}:${newest}`
}

/**
 * dist/ is shared with whoever works on the frontend: a build of theirs may be rewriting it.
 * Measuring then would record a half-written package, and building would race theirs.
 */
async function waitUntilQuiet(dir: string, quietMs = 3_000, maxMs = 180_000): Promise<boolean> {
  const deadline = Date.now() + maxMs
  let previous = signature(dir)
  while (Date.now() < deadline) {
    await sleep(quietMs)
    const current = signature(dir)
    if (current === previous) return true
    previous = current
  }
  return false
}

/** Builds a target only when its output is missing; a failed build is reported, not fixed. */
function ensureBuilt(root: string, marker: string, script: string, notes: string[]): boolean {
  if (existsSync(join(root, marker))) {
    // An existing build may be older than the source; say when it was made.
    notes.push(`${script}: not rebuilt, using ${marker} from ${lstatSync(join(root, marker)).mtime.toISOString()}`)
    return true
  }
  const started = performance.now()
  // A production weapp build refuses to go without a cloud environment id; sizes do not depend on which.
  const env = { ...process.env, TARO_APP_CLOUD_ENV: process.env.TARO_APP_CLOUD_ENV || 'jx-bench-size-only' }
  const result = spawnSync('npm', ['run', script], { cwd: root, env, encoding: 'utf8', timeout: 15 * 60_000, maxBuffer: 64 * 1024 * 1024 })
  const seconds = round((performance.now() - started) / 1000, 1)
  if (result.status === 0 && existsSync(join(root, marker))) {
    notes.push(`${script}: built in ${seconds} s`)
    return true
  }
  notes.push(`${script}: failed after ${seconds} s (exit ${result.status ?? result.signal}): ${buildErrors(`${result.stdout ?? ''}\n${result.stderr ?? ''}`)}`)
  return false
}

/** Measures only if dir did not change while measuring; retries a few times otherwise. */
async function measureWhenQuiet<T>(dir: string, label: string, measure: () => T, notes: string[]): Promise<T | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    if (!(await waitUntilQuiet(dir))) break
    const before = signature(dir)
    try {
      const value = measure()
      if (signature(dir) === before) return value
    } catch {
      // Half-written output (app.json mid-write, a script gone): wait and try again.
    }
  }
  notes.push(`${label}: ${dir} kept changing (another build running?), not measured`)
  return null
}

function dirBytes(dir: string): number {
  let total = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) total += dirBytes(path)
    else if (entry.isFile()) total += lstatSync(path).size
  }
  return total
}

/** app.json names subpackages under subPackages (or the older subpackages). */
function subpackageRoots(appJson: string): string[] {
  const app: { subPackages?: { root: string }[]; subpackages?: { root: string }[] } = JSON.parse(readFileSync(appJson, 'utf8'))
  return (app.subPackages ?? app.subpackages ?? []).map((p) => normalize(p.root).replace(/\/+$/, ''))
}

/** WeChat limits each package to 2 MB: the main package is everything outside subpackage roots. */
function weappSizes(dir: string): { main: number; subpackages: Record<string, number> } {
  const roots = subpackageRoots(join(dir, 'app.json'))
  const subpackages: Record<string, number> = {}
  let subTotal = 0
  for (const root of roots) {
    const bytes = existsSync(join(dir, root)) ? dirBytes(join(dir, root)) : 0
    subpackages[root] = kb(bytes)
    subTotal += bytes
  }
  return { main: kb(dirBytes(dir) - subTotal), subpackages }
}

export async function measurePackageSizes(root: string): Promise<PackageSizes> {
  const notes: string[] = []
  const sizes: PackageSizes = { weapp_main_kb: null, weapp_subpackages_kb: null, h5: null, notes }
  const weapp = join(root, 'dist', 'weapp')
  // A build in progress has no app.json yet: wait for it rather than start a second one.
  await waitUntilQuiet(weapp)
  if (ensureBuilt(root, join('dist', 'weapp', 'app.json'), 'build:weapp', notes)) {
    const measured = await measureWhenQuiet(weapp, 'weapp', () => weappSizes(weapp), notes)
    sizes.weapp_main_kb = measured?.main ?? null
    sizes.weapp_subpackages_kb = measured?.subpackages ?? null
  }
  const h5 = join(root, 'dist', 'h5')
  await waitUntilQuiet(h5)
  // The test host rebuilds dist/h5 when it is missing, stale or npm start's unminified build.
  const before = existsSync(join(h5, 'index.html')) ? lstatSync(join(h5, 'index.html')).mtime.toISOString() : null
  try {
    sizes.h5 = await measureH5FirstLoads()
    const after = lstatSync(join(h5, 'index.html')).mtime.toISOString()
    notes.push(after === before ? `build:h5: not rebuilt, using dist/h5 from ${after}` : `build:h5: built at ${after}`)
  } catch (error) {
    notes.push(`h5: not measured: ${error instanceof Error ? error.message : String(error)}`)
  }
  return sizes
}
