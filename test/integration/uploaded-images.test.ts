import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActionInput, FilePurpose, StoredFile } from '../../src/shared/api'
import type { ApiError, ErrorCode } from '../../src/shared/errors'
import { claimTicket, completeUpload } from '../../server/files/upload'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { testEnv } from '../support/env'

let app: TestApp
let operator: number
let otherOperator: number
let county: number
let otherAdmin: number
let member: number
let countyBranch: number
let categoryId: number
const dataDir = mkdtempSync(join(tmpdir(), 'jx-uploaded-images-'))

beforeAll(async () => {
  app = await openTestApp()
  operator = app.users['mall-operator']
  otherOperator = await app.newStaff('秀洲区总工会', 'mall_operator')
  county = app.users['county-admin']
  otherAdmin = await app.newStaff('秀洲区总工会', 'admin')
  member = app.users.member
  countyBranch = await app.branchId('秀洲区总工会')
  categoryId = (await app.ok(operator, 'mall', 'categories', {}))[0].id
})
afterAll(async () => {
  await app?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

let shade = 0

/** A real upload through the file service (ticket, then the host's own checks and re-encoding), each a different picture. */
async function upload(as: number, purpose: FilePurpose): Promise<StoredFile> {
  shade += 1
  const bytes = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: shade * 7 % 256, g: 90, b: 140 } } }).jpeg().toBuffer()
  const ticket = await app.ok(as, 'file', 'uploadTicket', { purpose, name: 'photo.jpg', size: bytes.length, type: 'image/jpeg' })
  const deps = { db: app.db, env: { ...testEnv, dataDir } }
  return completeUpload(deps, await claimTicket(deps, ticket.ticket), bytes)
}

async function fileRow(id: number): Promise<{ record: string | null; released: boolean }> {
  const [row] = await app.db.query<{ record: string | null; released: boolean }>('SELECT record, delete_after IS NOT NULL AS released FROM file WHERE id = $1', [id])
  return row
}

/** A refusal with this code that writes nothing: no table changes, and the file stays unattached where it was. */
async function refused(call: () => Promise<ApiError>, code: ErrorCode, files: number[]) {
  const before = await app.snapshot()
  const rows = await Promise.all(files.map(fileRow))
  expect((await call()).code).toBe(code)
  expect(await app.snapshot()).toEqual(before)
  expect(await Promise.all(files.map(fileRow))).toEqual(rows)
}

const item = (extra: Partial<ActionInput<'mall', 'saveItem'>> = {}): ActionInput<'mall', 'saveItem'> => ({
  title: '工会定制保温杯',
  categoryId,
  kind: 'delivery',
  pricePoints: 300,
  saleStart: new Date(Date.now() - 60_000).toISOString(),
  scopeBranchId: countyBranch,
  initialStock: 10,
  ...extra,
})

const notice = (extra: Partial<ActionInput<'notice', 'save'>> = {}): ActionInput<'notice', 'save'> => ({
  title: '职工运动会图片报道',
  bodyHtml: '<p>运动会圆满结束。</p>',
  targetBranchId: countyBranch,
  ...extra,
})

describe('goods images', () => {
  it('attaches the uploaded image to the item, and members see it and its thumbnail', async () => {
    const image = await upload(operator, 'goods_image')
    expect(image.url).toMatch(/^\/files\/[0-9a-f]{64}\.jpg$/)
    const saved = await app.ok(operator, 'mall', 'saveItem', item({ imageFileId: image.id }))
    expect(saved).toMatchObject({ images: [image.url], thumbUrl: image.thumbUrl, imageFileId: image.id })
    expect(await fileRow(image.id)).toEqual({ record: `mall_item:${saved.id}`, released: false })

    const shown = await app.ok(member, 'mall', 'item', { id: saved.id })
    expect(shown).toMatchObject({ images: [image.url], thumbUrl: image.thumbUrl })
    const listed = await app.ok(member, 'mall', 'items', { limit: 50 })
    expect(listed.items.find((i) => i.id === saved.id)).toMatchObject({ images: [image.url], thumbUrl: image.thumbUrl })
  })

  it('replaces and removes the image, releasing the file it no longer shows', async () => {
    const first = await upload(operator, 'goods_image')
    const saved = await app.ok(operator, 'mall', 'saveItem', item({ imageFileId: first.id }))
    const second = await upload(operator, 'goods_image')
    const replaced = await app.ok(operator, 'mall', 'saveItem', item({ id: saved.id, imageFileId: second.id }))
    expect(replaced).toMatchObject({ images: [second.url], imageFileId: second.id })
    expect(await fileRow(first.id)).toMatchObject({ released: true })

    // Saved again with no word about the image: it stays.
    expect(await app.ok(operator, 'mall', 'saveItem', item({ id: saved.id, title: '改名的保温杯' }))).toMatchObject({ images: [second.url] })
    const removed = await app.ok(operator, 'mall', 'saveItem', item({ id: saved.id, imageFileId: null }))
    expect(removed).toMatchObject({ images: [], thumbUrl: null, imageFileId: null })
    expect(await fileRow(second.id)).toMatchObject({ released: true })
  })

  it('lets a colleague edit the item and keep a picture they did not upload', async () => {
    const image = await upload(operator, 'goods_image')
    const saved = await app.ok(operator, 'mall', 'saveItem', item({ imageFileId: image.id }))
    const edited = await app.ok(otherOperator, 'mall', 'saveItem', item({ id: saved.id, title: '同事改过的保温杯', imageFileId: image.id }))
    expect(edited).toMatchObject({ title: '同事改过的保温杯', images: [image.url], imageFileId: image.id })
  })

  it("refuses someone else's file, a file of another purpose and one already in use, writing nothing", async () => {
    const theirs = await upload(otherOperator, 'goods_image')
    await refused(() => app.fail(operator, 'mall', 'saveItem', item({ imageFileId: theirs.id })), 'FILE_NOT_YOURS', [theirs.id])
    const cover = await upload(operator, 'notice_cover')
    await refused(() => app.fail(operator, 'mall', 'saveItem', item({ imageFileId: cover.id })), 'FILE_WRONG_PURPOSE', [cover.id])
    const used = await upload(operator, 'goods_image')
    const first = await app.ok(operator, 'mall', 'saveItem', item({ imageFileId: used.id }))
    await refused(() => app.fail(operator, 'mall', 'saveItem', item({ imageFileId: used.id })), 'FILE_IN_USE', [used.id])
    const second = await app.ok(operator, 'mall', 'saveItem', item())
    await refused(() => app.fail(operator, 'mall', 'saveItem', item({ id: second.id, imageFileId: used.id })), 'FILE_IN_USE', [used.id])
    expect(await fileRow(used.id)).toEqual({ record: `mall_item:${first.id}`, released: false })
    await refused(() => app.fail(operator, 'mall', 'saveItem', item({ imageFileId: 2_000_000_000 })), 'FILE_NOT_YOURS', [])
  })

  it('keeps a picture set by URL before uploads until it is replaced', async () => {
    const saved = await app.ok(operator, 'mall', 'saveItem', item())
    await app.db.query(`UPDATE mall_item SET images = '{https://img.jxgh.example/cup.jpg}' WHERE id = $1`, [saved.id])
    const edited = await app.ok(operator, 'mall', 'saveItem', item({ id: saved.id, title: '老图片的保温杯' }))
    expect(edited).toMatchObject({ images: ['https://img.jxgh.example/cup.jpg'], thumbUrl: null, imageFileId: null })
    const image = await upload(operator, 'goods_image')
    expect(await app.ok(operator, 'mall', 'saveItem', item({ id: saved.id, imageFileId: image.id }))).toMatchObject({ images: [image.url] })
  })
})

describe('notice covers and body images', () => {
  it('attaches the cover and the body images; members see the thumbnail in the feed and the images in the body', async () => {
    const cover = await upload(county, 'notice_cover')
    const photo = await upload(county, 'notice_image')
    const bodyHtml = `<p>运动会圆满结束。</p><img src="${photo.url}" alt="图片">`
    const saved = await app.ok(county, 'notice', 'save', notice({ coverFileId: cover.id, bodyHtml, bodyImageFileIds: [photo.id] }))
    expect(saved).toMatchObject({ coverUrl: cover.url, coverThumbUrl: cover.thumbUrl, coverFileId: cover.id })
    expect(saved.bodyHtml).toBe(`<p>运动会圆满结束。</p><img src="${photo.url}" alt="图片" />`)
    expect(await fileRow(cover.id)).toEqual({ record: `notice:${saved.id}`, released: false })
    expect(await fileRow(photo.id)).toEqual({ record: `notice:${saved.id}`, released: false })

    await app.ok(county, 'notice', 'publish', { id: saved.id })
    const feed = await app.ok(member, 'notice', 'feed', { limit: 50 })
    expect(feed.items.find((n) => n.id === saved.id)).toMatchObject({ coverUrl: cover.url, coverThumbUrl: cover.thumbUrl })
    expect((await app.ok(member, 'notice', 'read', { id: saved.id })).bodyHtml).toContain(`<img src="${photo.url}"`)
  })

  it('keeps images the notice holds without listing them again, and releases the ones the body drops', async () => {
    const kept = await upload(county, 'notice_image')
    const dropped = await upload(county, 'notice_image')
    const unused = await upload(county, 'notice_image')
    const both = `<p>两张</p><img src="${kept.url}"><img src="${dropped.url}">`
    const saved = await app.ok(county, 'notice', 'save', notice({ bodyHtml: both, bodyImageFileIds: [kept.id, dropped.id, unused.id] }))
    // Uploaded but not in the body: attached only to be released with the rest.
    expect(await fileRow(unused.id)).toMatchObject({ released: true })
    const edited = await app.ok(county, 'notice', 'save', notice({ id: saved.id, bodyHtml: `<p>一张</p><img src="${kept.url}">` }))
    expect(edited.bodyHtml).toBe(`<p>一张</p><img src="${kept.url}" />`)
    expect(await fileRow(kept.id)).toEqual({ record: `notice:${saved.id}`, released: false })
    expect(await fileRow(dropped.id)).toMatchObject({ released: true })
  })

  it("refuses external images, another notice's or admin's images and wrong purposes, writing nothing", async () => {
    await refused(() => app.fail(county, 'notice', 'save', notice({ bodyHtml: '<p>外链</p><img src="https://img.example/a.png">' })), 'NOTICE_IMAGE_NOT_UPLOADED', [])

    // An image of our own URL shape that this notice does not hold: copied from another notice, or never uploaded.
    const elsewhere = await upload(county, 'notice_image')
    await app.ok(county, 'notice', 'save', notice({ bodyHtml: `<img src="${elsewhere.url}">`, bodyImageFileIds: [elsewhere.id] }))
    await refused(() => app.fail(county, 'notice', 'save', notice({ bodyHtml: `<p>抄来的</p><img src="${elsewhere.url}">` })), 'NOTICE_IMAGE_NOT_UPLOADED', [elsewhere.id])
    const madeUp = `/files/${'ab'.repeat(32)}.jpg`
    await refused(() => app.fail(county, 'notice', 'save', notice({ bodyHtml: `<p>编造的</p><img src="${madeUp}">` })), 'NOTICE_IMAGE_NOT_UPLOADED', [])

    const theirs = await upload(otherAdmin, 'notice_image')
    const theirBody = notice({ bodyHtml: `<img src="${theirs.url}">`, bodyImageFileIds: [theirs.id] })
    await refused(() => app.fail(county, 'notice', 'save', theirBody), 'FILE_NOT_YOURS', [theirs.id])
    const theirCover = await upload(otherAdmin, 'notice_cover')
    await refused(() => app.fail(county, 'notice', 'save', notice({ coverFileId: theirCover.id })), 'FILE_NOT_YOURS', [theirCover.id])

    const goods = await upload(county, 'goods_image')
    await refused(() => app.fail(county, 'notice', 'save', notice({ coverFileId: goods.id })), 'FILE_WRONG_PURPOSE', [goods.id])
    const cover = await upload(county, 'notice_cover')
    const asBody = notice({ bodyHtml: `<img src="${cover.url}">`, bodyImageFileIds: [cover.id] })
    await refused(() => app.fail(county, 'notice', 'save', asBody), 'FILE_WRONG_PURPOSE', [cover.id])

    // A refused edit leaves the draft as it was.
    const draft = await app.ok(county, 'notice', 'save', notice({ coverFileId: cover.id }))
    await refused(() => app.fail(county, 'notice', 'save', notice({ id: draft.id, coverFileId: goods.id })), 'FILE_WRONG_PURPOSE', [cover.id, goods.id])
    expect(await app.ok(county, 'notice', 'manageGet', { id: draft.id })).toMatchObject({ coverFileId: cover.id, coverUrl: cover.url })
  })
})
