/**
 * `npm test`: every suite this machine can run. Integration tests run on PGlite, and again on
 * a throw-away PostgreSQL server when its binaries are here; the browser suite needs Chromium.
 * Under CI both are required: a missing one fails the run instead of being skipped.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { postgresServerAvailable } from './pg-cluster'
import { chromiumPath } from '../test/support/chromium-path'

const ci = Boolean(process.env.CI)
const projects = ['unit', 'integration-pglite', 'build']
const problems: string[] = []

if (process.env.TEST_DATABASE_URL || postgresServerAvailable()) {
  projects.push('integration-pg')
} else if (ci) {
  problems.push('CI 要求 PostgreSQL 集成测试，但找不到 PostgreSQL 服务器程序（initdb、pg_ctl），也没有设置 TEST_DATABASE_URL。')
} else {
  console.log('【跳过】PostgreSQL 集成测试：本机没有 PostgreSQL 服务器程序（initdb、pg_ctl）。安装 postgresql 或设置 TEST_DATABASE_URL 后即可运行。')
}

if (existsSync(chromiumPath)) {
  projects.push('e2e')
} else if (ci) {
  problems.push(`CI 要求浏览器端到端测试，但找不到 Chromium（${chromiumPath}）。.ci/run 会用 apt-get install chromium 安装它。`)
} else {
  console.log(`【跳过】浏览器端到端测试：找不到 Chromium（${chromiumPath}）。运行 apt-get install chromium 或设置 CHROMIUM_PATH 后即可运行。`)
}

if (problems.length) {
  for (const problem of problems) console.error(problem)
  process.exit(1)
}

console.log(`运行测试项目：${projects.join('、')}`)
const args = ['vitest', 'run', ...projects.flatMap((p) => ['--project', p]), ...process.argv.slice(2)]
const result = spawnSync('npx', args, { stdio: 'inherit' })
process.exit(result.status ?? 1)
