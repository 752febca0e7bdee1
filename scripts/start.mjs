/**
 * `npm start`. Plain JavaScript on purpose: tsx costs about half a second before doing any work,
 * and a restart should not pay it. Rebuilds the host bundle when it is missing or older than any
 * of its sources (scripts/build-server.ts lists them), builds the H5 app when it is missing, then
 * runs dist/server/start.js in this process.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const bundle = resolve('dist/server/start.js')
const inputsFile = resolve('dist/server/inputs.json')

function bundleIsStale() {
  if (!existsSync(bundle) || !existsSync(inputsFile)) return true
  const built = statSync(bundle).mtimeMs
  const inputs = JSON.parse(readFileSync(inputsFile, 'utf8'))
  return inputs.some((file) => !existsSync(file) || statSync(file).mtimeMs > built)
}

function run(script, failure) {
  const result = spawnSync('npm', ['run', '--silent', script], { stdio: 'inherit' })
  if (result.status !== 0) {
    console.error(failure)
    process.exit(1)
  }
}

if (bundleIsStale()) run('build:server', '服务端构建失败')
if (!existsSync(resolve('dist/h5/index.html'))) {
  console.log('首次启动：正在构建 H5 应用（约 20 秒）…')
  run('build:h5', 'H5 构建失败')
}
await import(pathToFileURL(bundle).href)
