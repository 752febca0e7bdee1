import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'

const outDir = resolve('dist/weapp')
const kb = 1024
/** WeChat refuses any package over 2 MB; the main package has a much tighter budget of our own. */
const packageLimit = 2048 * kb
const mainPackageBudget = 400 * kb

const expectedSubPackages = [
  { root: 'pages/account', pages: ['me/index'] },
  { root: 'pages/membership', pages: ['join/index', 'review/index'] },
  { root: 'pages/notice', pages: ['detail/index', 'manage/index', 'edit/index'] },
  { root: 'pages/admin', pages: ['roles/index', 'verify-card/index'] },
  { root: 'pages/points', pages: ['index/index', 'grant/index', 'budgets/index'] },
  { root: 'pages/mall', pages: ['index/index', 'item/index', 'orders/index', 'order/index'] },
  { root: 'pages/mall-admin', pages: ['items/index', 'item-edit/index', 'orders/index', 'stats/index', 'pickup-points/index'] },
  { root: 'pages/message', pages: ['index'] },
  { root: 'pages/aid', pages: ['coverage/index', 'plans/index', 'plan-edit/index', 'enrol-batch/index', 'payments/index', 'enrol/index', 'settlement/index', 'claims/index', 'claim/index', 'claim-new/index', 'review-queue/index', 'review/index', 'figures/index'] },
  { root: 'pages/legal', pages: ['home/index', 'ask/index', 'mine/index', 'queue/index', 'roster/index', 'question/index', 'handoff/index', 'cases/index', 'case/index', 'knowledge/index', 'article/index', 'publish/index', 'figures/index', 'policy/index'] },
  { root: 'pages/reader', pages: ['read/index', 'notes/index'] },
  { root: 'pages/library', pages: ['home/index', 'search/index', 'browse/index', 'book/index', 'shelf/index', 'campaigns/index', 'campaign/index', 'manage/index', 'edit/index', 'list-edit/index', 'import/index', 'campaign-edit/index'] },
  { root: 'pages/training', pages: ['orders/index', 'order/index', 'session-edit/index', 'sessions/index', 'session/index'] },
  { root: 'pages/course', pages: ['home/index', 'detail/index', 'lesson/index', 'mine/index', 'manage/index', 'edit/index', 'lesson-edit/index', 'certificates/index', 'certificate/index'] },
  { root: 'pages/verify', pages: ['certificate/index'] },
  { root: 'pages/quiz', pages: ['home/index', 'detail/index', 'take/index', 'result/index', 'banks/index', 'bank/index', 'question-edit/index', 'import/index', 'manage/index', 'edit/index'] },
  { root: 'pages/contest', pages: ['list/index', 'detail/index', 'board/index', 'edit/index'] },
  { root: 'pages/dating', pages: ['chats/index', 'chat/index', 'home/index', 'join/index', 'profile-edit/index', 'report/index', 'discover/index', 'person/index', 'blocked/index', 'events/index', 'event/index'] },
  { root: 'pages/matchmaker', pages: ['home/index', 'reviews/index', 'review/index', 'reports/index', 'report/index', 'figures/index', 'words/index', 'events/index', 'event-edit/index', 'event-roster/index'] },
  { root: 'pages/not-found', pages: ['index'] },
]

/** What WeChat search may index: the public pages. Every other page must be disallowed. */
const searchablePages = ['pages/home/index', 'pages/notice/detail/index', 'pages/mall/index/index', 'pages/mall/item/index']

/** A syntactically real environment id: a production build refuses to go without one. */
const testCloudEnv = 'jx-build-test-1a2b3c'

interface AppJson {
  pages: string[]
  subPackages: { root: string; pages: string[] }[]
  lazyCodeLoading?: string
  sitemapLocation?: string
  __usePrivacyCheck__?: boolean
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

/**
 * WeChat's own template and style compilers (wcc, wcsc: the Linux binaries in the npm package
 * miniprogram-compiler, the same ones DevTools runs). They catch WXML and WXSS that Taro's build
 * lets through and a phone would refuse. Each runs once over every file of the build.
 */
const wechatCompilers = resolve('node_modules/miniprogram-compiler/bin/linux')

function compileWith(tool: 'wcc' | 'wcsc', extension: '.wxml' | '.wxss'): { status: number | null; stderr: string; files: number } {
  const built = filesUnder(outDir).map((file) => relative(outDir, file))
  const files = built.filter((file) => file.endsWith(extension))
  // Templates import Taro's WXS helpers, which wcc must be given too.
  const args = tool === 'wcc' ? ['-d', '-cc', '0', ...files, ...built.filter((file) => file.endsWith('.wxs')), '-gn', '$gwx'] : ['-db', '-pc', '0', ...files]
  const binary = join(wechatCompilers, tool)
  // npm unpacks the package's binaries without their execute bit (the package's own wrapper sets it the same way).
  chmodSync(binary, 0o755)
  const run = spawnSync(binary, args, { cwd: outDir, maxBuffer: 64 * 1024 * 1024 })
  if (run.error) throw run.error
  return { status: run.status, stderr: run.stderr.toString(), files: files.length }
}

const bytes = (files: string[]) => files.reduce((sum, file) => sum + statSync(file).size, 0)

function build(cloudEnv: string | null): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const env = { ...process.env, TARO_APP_CLOUD_ENV: cloudEnv ?? '' }
    const child = spawn('npm', ['run', 'build:weapp'], { stdio: ['ignore', 'pipe', 'pipe'], env })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', fail)
    child.on('close', (code) => done({ code, stderr: output.slice(-4000) }))
  })
}

describe('WeChat mini-program build', () => {
  let app: AppJson
  let files: string[]

  beforeAll(async () => {
    const built = await build(testCloudEnv)
    if (built.code !== 0) throw new Error(`小程序构建失败（退出码 ${built.code}）\n${built.stderr}`)
    app = JSON.parse(readFileSync(join(outDir, 'app.json'), 'utf8'))
    files = filesUnder(outDir).map((file) => relative(outDir, file))
  }, 180_000)

  it('calls the cloud environment given at build time', () => {
    const scripts = files.filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(outDir, f), 'utf8'))
    expect(scripts.some((js) => js.includes(testCloudEnv))).toBe(true)
    expect(scripts.some((js) => js.includes('your-cloud-env-id'))).toBe(false)
  })

  it('loads components lazily and keeps personal and staff pages out of WeChat search', () => {
    expect(app.lazyCodeLoading).toBe('requiredComponents')
    expect(app.sitemapLocation).toBe('sitemap.json')
    const sitemap = JSON.parse(readFileSync(join(outDir, 'sitemap.json'), 'utf8')) as { rules: { action: string; page: string }[] }
    const pages = [...app.pages, ...app.subPackages.flatMap((p) => p.pages.map((page) => `${p.root}/${page}`))]
    const disallowed = sitemap.rules.filter((r) => r.action === 'disallow').map((r) => r.page)
    expect(sitemap.rules.every((r) => r.action === 'disallow')).toBe(true)
    expect([...disallowed].sort()).toEqual(pages.filter((p) => !searchablePages.includes(p)).sort())
    for (const page of ['pages/card/index', 'pages/mall/order/index', 'pages/mall/orders/index', 'pages/admin/roles/index']) {
      expect(disallowed).toContain(page)
    }
  })

  it('keeps only home and card in the main package', () => {
    expect(app.pages).toEqual(['pages/home/index', 'pages/card/index'])
  })

  it('puts every other module in a subpackage, and leaves the H5 demo login out', () => {
    expect(app.subPackages).toEqual(expectedSubPackages)
    expect(files.some((f) => f.startsWith('pages/auth/'))).toBe(false)
  })

  it('emits each page', () => {
    const pages = [...app.pages, ...app.subPackages.flatMap((p) => p.pages.map((page) => `${p.root}/${page}`))]
    for (const page of pages) {
      for (const ext of ['.js', '.json', '.wxml', '.wxss']) expect(existsSync(join(outDir, page + ext)), page + ext).toBe(true)
    }
  })

  it('stays within the package size limits', () => {
    const inSub = (file: string) => app.subPackages.some((p) => file.startsWith(`${p.root}/`))
    const mainBytes = bytes(files.filter((f) => !inSub(f)).map((f) => join(outDir, f)))
    expect(mainBytes, `主包 ${(mainBytes / kb).toFixed(0)} KB`).toBeLessThanOrEqual(mainPackageBudget)
    for (const p of app.subPackages) {
      const subBytes = bytes(filesUnder(join(outDir, p.root)))
      expect(subBytes, `${p.root} ${(subBytes / kb).toFixed(0)} KB`).toBeLessThanOrEqual(packageLimit)
    }
  })

  it('resolves the weapp scan buttons: card verification and pickup verification open the camera', () => {
    const scans = (root: string) =>
      files.filter((f) => f.startsWith(root) && f.endsWith('.js')).some((f) => readFileSync(join(outDir, f), 'utf8').includes('scanCode'))
    expect(scans('pages/admin/')).toBe(true)
    expect(scans('pages/mall-admin/')).toBe(true)
  })

  it('ships the home icons as local SVG files in the main package, referenced from the package root', () => {
    const icons = files.filter((f) => f.startsWith('assets/icons/') && f.endsWith('.svg'))
    expect(icons.length).toBeGreaterThanOrEqual(10)
    const home = readFileSync(join(outDir, 'pages/home/index.js'), 'utf8')
    for (const icon of icons) expect(home, icon).toContain(icon)
    // Never inlined: WeChat's <image> takes a local .svg file, not reliably an SVG data URI.
    expect(home).not.toMatch(/data:image\/svg/)
  })

  it('asks for privacy consent from one listener, with a popup whose button WeChat accepts as the agreement', () => {
    expect(app.__usePrivacyCheck__).toBe(true)
    const read = (f: string) => readFileSync(join(outDir, f), 'utf8')
    const scripts = files.filter((f) => f.endsWith('.js'))
    expect(scripts.filter((f) => read(f).includes('onNeedPrivacyAuthorization'))).toEqual(['app.js'])
    // The popup lives in the shell every page renders, so the main package carries it.
    expect(scripts.some((f) => !f.startsWith('pages/') && read(f).includes('agreePrivacyAuthorization'))).toBe(true)
    expect(read('base.wxml')).toContain('bindagreeprivacyauthorization')
  })

  it("compiles with WeChat's own WXML and WXSS compilers", () => {
    for (const [tool, extension] of [['wcc', '.wxml'], ['wcsc', '.wxss']] as const) {
      const result = compileWith(tool, extension)
      expect(result.files).toBeGreaterThan(0)
      expect({ tool, status: result.status, stderr: result.stderr }).toEqual({ tool, status: 0, stderr: '' })
    }
  })

  it('ships no zod: the client imports the contract as types only', () => {
    const scripts = files.filter((f) => f.endsWith('.js'))
    const leaking = scripts.filter((f) => /ZodError|\$ZodType/.test(readFileSync(join(outDir, f), 'utf8')))
    expect(leaking).toEqual([])
  })
})

describe('WeChat production build without a cloud environment', () => {
  for (const [name, value] of [['unset', null], ['the placeholder', 'your-cloud-env-id']] as const) {
    it(`fails with a clear message when TARO_APP_CLOUD_ENV is ${name}`, async () => {
      const built = await build(value)
      expect(built.code).not.toBe(0)
      expect(built.stderr).toContain('小程序构建需要云开发环境 ID：请设置 TARO_APP_CLOUD_ENV')
    })
  }
})
