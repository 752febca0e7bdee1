import { spawn } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'

const outDir = resolve('dist/weapp')
const kb = 1024
/** WeChat refuses any package over 2 MB; the main package has a much tighter budget of our own. */
const packageLimit = 2048 * kb
const mainPackageBudget = 400 * kb

const expectedSubPackages = [
  { root: 'pages/membership', pages: ['join/index', 'review/index'] },
  { root: 'pages/notice', pages: ['detail/index', 'manage/index', 'edit/index'] },
  { root: 'pages/admin', pages: ['roles/index', 'verify-card/index'] },
  { root: 'pages/points', pages: ['index/index', 'grant/index', 'budgets/index'] },
  { root: 'pages/mall', pages: ['index/index', 'item/index', 'orders/index', 'order/index'] },
  { root: 'pages/mall-admin', pages: ['items/index', 'item-edit/index', 'orders/index', 'stats/index'] },
]

interface AppJson {
  pages: string[]
  subPackages: { root: string; pages: string[] }[]
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

const bytes = (files: string[]) => files.reduce((sum, file) => sum + statSync(file).size, 0)

function build(): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn('npm', ['run', 'build:weapp'], { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', fail)
    child.on('close', (code) => (code === 0 ? done() : fail(new Error(`小程序构建失败（退出码 ${code}）\n${stderr.slice(-4000)}`))))
  })
}

describe('WeChat mini-program build', () => {
  let app: AppJson
  let files: string[]

  beforeAll(async () => {
    await build()
    app = JSON.parse(readFileSync(join(outDir, 'app.json'), 'utf8'))
    files = filesUnder(outDir).map((file) => relative(outDir, file))
  }, 180_000)

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

  it('ships no zod: the client imports the contract as types only', () => {
    const scripts = files.filter((f) => f.endsWith('.js'))
    const leaking = scripts.filter((f) => /ZodError|\$ZodType/.test(readFileSync(join(outDir, f), 'utf8')))
    expect(leaking).toEqual([])
  })
})
