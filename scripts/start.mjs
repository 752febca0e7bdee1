/**
 * `npm start`. Plain JavaScript on purpose: tsx costs about half a second before doing any work,
 * and a restart should not pay it. Rebuilds the host bundle when it is missing or older than any
 * of its sources (scripts/build-server.ts lists them), builds the H5 app when it is missing, then
 * runs dist/server/start.js in this process.
 *
 * The first H5 build is the local flavour (config/index.ts, JX_H5_BUILD=local: not minified), and
 * the host opens, migrates and seeds its database while it runs; /healthz answers once both are done.
 *
 * Stopping: package.json runs this file with `exec`, so npm's own SIGINT/SIGTERM forwarding
 * reaches this process rather than a shell that would die and leave it behind. Builds run in a
 * process group of their own, killed as a whole on SIGINT, SIGTERM or SIGHUP; once the host runs,
 * server/start.ts closes it and the database on the same signals.
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const require = createRequire(import.meta.url)
const bundle = resolve('dist/server/start.js')
const inputsFile = resolve('dist/server/inputs.json')
const h5Index = resolve('dist/h5/index.html')
const stopSignals = ['SIGINT', 'SIGTERM', 'SIGHUP']
/** The marker config/index.ts's progress plugin puts before a percentage on the build's stdout. */
const progressMarker = '[jx-progress] '

function bundleIsStale() {
  if (!existsSync(bundle) || !existsSync(inputsFile)) return true
  const built = statSync(bundle).mtimeMs
  const inputs = JSON.parse(readFileSync(inputsFile, 'utf8'))
  return inputs.some((file) => !existsSync(file) || statSync(file).mtimeMs > built)
}

const builds = new Set()
let hostLoaded = false

function killGroup(child, signal) {
  try {
    // Negative pid: the whole group, so that the build's own workers (terser, esbuild) go too.
    process.kill(-child.pid, signal)
  } catch {
    // The group is already gone.
  }
}

function onStopSignal(signal) {
  for (const child of builds) killGroup(child, signal)
  // Once the host is loaded, its own handler closes the server and the database, then exits.
  if (!hostLoaded) process.exit(0)
}
for (const signal of stopSignals) process.on(signal, onStopSignal)
// However this process ends (the host failing to open its database, say), no build outlives it.
process.on('exit', () => {
  for (const child of builds) killGroup(child, 'SIGTERM')
})

/** The last lines a build printed, without progress: shown only when it fails, so a good start stays short. */
function tail(text, lines = 60) {
  return text
    .split('\n')
    .filter((line) => !line.startsWith(progressMarker))
    .slice(-lines)
    .join('\n')
}

/**
 * Runs `node <script> ...args` in its own process group. onLine sees each line of stdout;
 * everything is kept for the failure message.
 */
function runBuild(script, args, env, onLine = () => {}) {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    builds.add(child)
    let output = ''
    let pending = ''
    child.stdout.on('data', (chunk) => {
      const text = chunk.toString('utf8')
      output += text
      pending += text
      const lines = pending.split('\n')
      pending = lines.pop() ?? ''
      for (const line of lines) onLine(line)
    })
    child.stderr.on('data', (chunk) => (output += chunk.toString('utf8')))
    child.on('error', fail)
    child.on('exit', (code, signal) => {
      builds.delete(child)
      if (code === 0) done()
      else fail(new Error(`${tail(output)}\n（退出码 ${code ?? signal}）`))
    })
  })
}

/** One line of progress: redrawn in place on a terminal, a few plain lines in a log. */
function progressReporter(label) {
  const tty = Boolean(process.stdout.isTTY)
  let shown = -1
  const started = performance.now()
  const seconds = () => Math.round((performance.now() - started) / 1000)
  if (!tty) console.log(`${label}…`)
  return {
    update(percent) {
      if (tty) {
        if (percent !== shown) process.stdout.write(`\r\x1b[2K${label}… ${percent}%`)
      } else if (Math.floor(percent / 25) > Math.floor(Math.max(shown, 0) / 25) && percent < 100) {
        console.log(`${label}… ${percent}%`)
      }
      shown = percent
    },
    done(message) {
      if (tty) process.stdout.write(`\r\x1b[2K`)
      console.log(`${message}（${seconds()} 秒）`)
    },
    fail() {
      if (tty) process.stdout.write('\n')
    },
  }
}

function buildH5() {
  const progress = progressReporter('首次启动：正在构建 H5 应用')
  const onLine = (line) => {
    if (line.startsWith(progressMarker)) progress.update(Number(line.slice(progressMarker.length)))
  }
  return runBuild(require.resolve('@tarojs/cli/bin/taro'), ['build', '--type', 'h5'], { JX_H5_BUILD: 'local', JX_BUILD_PROGRESS: '1' }, onLine).then(
    () => progress.done('H5 应用已构建'),
    (error) => {
      progress.fail()
      throw error
    },
  )
}

if (bundleIsStale()) {
  await runBuild(require.resolve('tsx/cli'), ['scripts/build-server.ts'], {}).catch((error) => {
    console.error(`服务端构建失败：\n${error.message}`)
    process.exit(1)
  })
}
const ready = existsSync(h5Index)
  ? Promise.resolve()
  : buildH5().catch((error) => {
      throw new Error(`H5 构建失败：\n${error.message}`)
    })
// The host reports a failed build itself, after closing the database it opened meanwhile.
ready.catch(() => {})
hostLoaded = true
const host = await import(pathToFileURL(bundle).href)
host.default.run({ ready })
