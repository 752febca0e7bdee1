import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActionInput } from '../../src/shared/api'
import { membershipConsentVersion } from '../../src/shared/consent'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'

let app: TestApp
let county: number
let operator: number
let countyBranch: number
let categoryId: number

beforeAll(async () => {
  app = await openTestApp()
  county = app.users['county-admin']
  operator = app.users['mall-operator']
  countyBranch = await app.branchId('秀洲区总工会')
  categoryId = (await app.ok(operator, 'mall', 'categories', {}))[0].id
})
afterAll(() => app?.close())

const notice = (extra: Partial<ActionInput<'notice', 'save'>> = {}): ActionInput<'notice', 'save'> => ({
  title: '关于职工疗休养的通知',
  bodyHtml: '<p>请各单位报名。</p>',
  targetBranchId: countyBranch,
  ...extra,
})

const item = (extra: Partial<ActionInput<'mall', 'saveItem'>> = {}): ActionInput<'mall', 'saveItem'> => ({
  title: '职工书店购书券',
  categoryId,
  kind: 'virtual',
  pricePoints: 100,
  saleStart: new Date(Date.now() - 60_000).toISOString(),
  scopeBranchId: countyBranch,
  ...extra,
})

/** Each input must be refused with VALIDATION_FAILED, and nothing may be written. */
async function refusedAll<F extends 'notice' | 'mall' | 'member' | 'points'>(as: number, fn: F, action: string, inputs: unknown[]) {
  const before = await app.snapshot()
  for (const input of inputs) {
    const error = await app.fail(as, fn, action as never, input)
    expect(error.code, JSON.stringify(input)).toBe('VALIDATION_FAILED')
    expect(error.message).toMatch(/[\u4e00-\u9fa5]/)
  }
  expect(await app.snapshot()).toEqual(before)
}

describe('image and cover URLs', () => {
  it('takes no typed-in image URL: covers and goods images are uploaded files (uploaded-images.test.ts)', async () => {
    const url = 'https://img.jxgh.example/cover.png'
    await refusedAll(county, 'notice', 'save', [{ ...notice(), coverUrl: url }, notice({ coverFileId: -1 })])
    await refusedAll(operator, 'mall', 'saveItem', [{ ...item(), images: [url] }, item({ imageFileId: 0 })])
  })
})

describe('rich text bodies', () => {
  it('drops relative, private and credentialed URLs from links', async () => {
    const saved = await app.ok(county, 'notice', 'save', notice({
      bodyHtml: '<p><a href="/api/role">接口</a><a href="#x">锚点</a><a href="https://jiaxing.example/a">官网</a></p>',
    }))
    expect(saved.bodyHtml).toBe('<p><a>接口</a><a>锚点</a><a href="https://jiaxing.example/a">官网</a></p>')
  })

  it('refuses images that are not uploads, public https ones included, writing nothing', async () => {
    const before = await app.snapshot()
    for (const src of ['x', 'http://10.0.0.1/a.png', 'https://img.example/a.png']) {
      const error = await app.fail(county, 'notice', 'save', notice({ bodyHtml: `<p>正文</p><img src="${src}">` }))
      expect(error).toEqual({ code: 'NOTICE_IMAGE_NOT_UPLOADED', message: '正文图片须通过「图片」按钮上传，不能引用其他网站的图片地址' })
    }
    expect(await app.snapshot()).toEqual(before)
  })
})

describe('timestamps', () => {
  const odd = ['2027-01-01T00:00:00+23:59', '0000-01-01T00:00:00Z', '2027-01-01T00:00:00+14:30', '2200-01-01T00:00:00Z']

  it('refuses offsets and years PostgreSQL or the calendar would not take, in every action that takes a time', async () => {
    const draft = await app.ok(county, 'notice', 'save', notice())
    await refusedAll(county, 'notice', 'publish', odd.map((publishAt) => ({ id: draft.id, publishAt })))
    await refusedAll(county, 'notice', 'publish', odd.map((expireAt) => ({ id: draft.id, expireAt })))
    await refusedAll(operator, 'mall', 'saveItem', odd.map((saleStart) => item({ saleStart })))
    await refusedAll(operator, 'mall', 'saveItem', odd.map((saleEnd) => item({ saleEnd })))
  })
})

describe('plain text', () => {
  it('refuses direction overrides, invisible-only text and line breaks in names, titles and reasons', async () => {
    await refusedAll(county, 'notice', 'save', [
      notice({ title: '\u200b\u200c\u200d\u2060' }),
      notice({ title: '工资表\u202egpj.exe' }),
      notice({ title: '第一行\n第二行' }),
    ])
    await refusedAll(operator, 'mall', 'saveItem', [item({ title: '\ufeff\u200b' }), item({ title: '购书券\u2066x\u2069' })])
    const applicant = await app.newUser()
    const application = { phone: '13957312345', idNumber: '330482199001011232', branchId: await app.branchId('嘉兴恒创电子有限公司工会'), consentVersion: membershipConsentVersion }
    await refusedAll(applicant, 'member', 'apply', [{ ...application, name: '孙\u200b' }, { ...application, name: '\u202e丽孙' }])
  })

  it('trims spaces and invisible characters off the ends before saving', async () => {
    const saved = await app.ok(operator, 'mall', 'saveItem', item({ title: '\u200b 端午粽子券\u3000', description: '第一行\n第二行\u200b' }))
    expect(saved).toMatchObject({ title: '端午粽子券', description: '第一行\n第二行' })
  })
})
