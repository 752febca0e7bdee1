/**
 * The WeChat cloud path of uploads (`file.confirmUpload`, the `wechat` store) against a stand-in
 * for wx-server-sdk that keeps "cloud storage" in a folder. It proves the path runs the same checks
 * and leaves what it should; WeChat's own storage has not been called from here.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActionInput, ActionName, FileReadUrl, StoredFile, UploadTicket } from '../../src/shared/api'
import type { ApiResult } from '../../src/shared/errors'
import { dispatch } from '../../server/action'
import { loadCaller } from '../../server/caller'
import type { Env } from '../../server/env'
import { attachFiles } from '../../server/files/attach'
import { cleanFiles } from '../../server/files/cleanup'
import { registry } from '../../server/registry'
import { wxCloudSdk } from '../../server/wechat/cloud-sdk'
import { openTestApp, tokenFor } from '../support/app'
import type { TestApp } from '../support/app'
import { testEnv } from '../support/env'

const bucket = 'cloud://test-env.7465-test-env'

/** What the cloud installs from package.json, reduced to the four storage calls, on a folder. */
const fakeSdk = `
const fs = require('node:fs'); const path = require('node:path')
const root = process.env.FAKE_WX_STORAGE
const pathOf = (fileID) => { const prefix = ${JSON.stringify(`${bucket}/`)}; if (!fileID.startsWith(prefix)) throw new Error('bad fileID ' + fileID); return path.join(root, fileID.slice(prefix.length)) }
module.exports = {
  DYNAMIC_CURRENT_ENV: 'dynamic',
  init() {},
  async uploadFile({ cloudPath, fileContent }) { const p = path.join(root, cloudPath); fs.mkdirSync(path.dirname(p), { recursive: true }); fs.writeFileSync(p, fileContent); return { fileID: ${JSON.stringify(`${bucket}/`)} + cloudPath } },
  async downloadFile({ fileID }) { return { fileContent: fs.readFileSync(pathOf(fileID)) } },
  async deleteFile({ fileList }) { return { fileList: fileList.map((fileID) => { fs.rmSync(pathOf(fileID), { force: true }); return { fileID, status: 0, errMsg: 'ok' } }) } },
  async getTempFileURL({ fileList }) { return { fileList: fileList.map(({ fileID, maxAge }) => ({ fileID, tempFileURL: 'https://tmp.example/' + fileID.slice(${bucket.length + 1}) + '?maxAge=' + maxAge, status: 0, errMsg: 'ok' })) } },
}`

let app: TestApp
let root: string
let storage: string
const env: Env = { ...testEnv, fileStore: 'wechat' }

beforeAll(async () => {
  app = await openTestApp()
  root = mkdtempSync(join(tmpdir(), 'jx-files-cloud-'))
  storage = join(root, 'storage')
  mkdirSync(join(root, 'node_modules', 'wx-server-sdk'), { recursive: true })
  writeFileSync(join(root, 'node_modules', 'wx-server-sdk', 'index.js'), fakeSdk)
  process.env.FAKE_WX_STORAGE = storage
  // The SDK is resolved from the function's folder, the working directory in the cloud; loaded once.
  const cwd = process.cwd()
  process.chdir(root)
  try {
    wxCloudSdk()
  } finally {
    process.chdir(cwd)
  }
})
afterAll(async () => {
  await app?.close()
  if (root) rmSync(root, { recursive: true, force: true })
})

async function call<A extends ActionName<'file'>, T>(as: number, action: A, input: ActionInput<'file', A>): Promise<ApiResult<T>> {
  return (await dispatch({ db: app.db, env }, registry, 'file', { action, input }, { kind: 'token', token: tokenFor(as) })) as ApiResult<T>
}

function stored(): string[] {
  const walk = (dir: string): string[] =>
    existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name).slice(storage.length + 1)])) : []
  return walk(storage).sort()
}

/** What Taro.cloud.uploadFile does on the phone: the raw bytes at the ticket's cloudPath. */
function clientUpload(cloudPath: string, bytes: Buffer): string {
  const path = join(storage, cloudPath)
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, bytes)
  return `${bucket}/${cloudPath}`
}

async function ticket(as: number, purpose: 'goods_image' | 'claim_document', bytes: Buffer): Promise<UploadTicket & { cloudPath: string }> {
  const answer = await call<'uploadTicket', UploadTicket>(as, 'uploadTicket', { purpose, name: 'photo.jpg', size: bytes.length, type: 'image/jpeg' })
  if (!answer.ok || answer.data.upload.via !== 'cloud') throw new Error(`no cloud ticket: ${JSON.stringify(answer)}`)
  return { ...answer.data, cloudPath: answer.data.upload.cloudPath }
}

const photo = (shade: number) =>
  sharp({ create: { width: 800, height: 600, channels: 3, background: { r: shade, g: 90, b: 160 } } })
    .jpeg()
    .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '30/1 45/1 0/1' } })
    .toBuffer()

describe('uploads through WeChat cloud storage', () => {
  it('confirms a member’s upload: the same processing, the raw upload deleted, read through temporary URLs', async () => {
    const member = app.users.member
    const bytes = await photo(10)
    const t = await ticket(member, 'claim_document', bytes)
    expect(t.cloudPath).toMatch(/^uploads\/[0-9a-f]{24}$/)
    const fileId = clientUpload(t.cloudPath, bytes)
    const confirmed = await call<'confirmUpload', StoredFile>(member, 'confirmUpload', { ticket: t.ticket, cloudFileId: fileId })
    expect(confirmed).toMatchObject({ ok: true, data: { id: t.fileId, type: 'image/jpeg', width: 800, height: 600, url: null } })
    const files = stored()
    expect(files.filter((f) => f.startsWith('uploads/'))).toEqual([])
    expect(files.filter((f) => f.startsWith('private/'))).toHaveLength(2)
    const kept = files.find((f) => f.startsWith('private/') && f.endsWith('.jpg')) ?? ''
    expect((await sharp(join(storage, kept)).metadata()).exif).toBeUndefined()

    const replay = await call(member, 'confirmUpload', { ticket: t.ticket, cloudFileId: fileId })
    expect(replay).toMatchObject({ ok: false, error: { code: 'UPLOAD_TICKET_USED' } })

    const read = await call<'readUrl', FileReadUrl>(member, 'readUrl', { id: t.fileId })
    expect(read).toMatchObject({ ok: true, data: { url: expect.stringMatching(/^https:\/\/tmp\.example\/private\/[0-9a-f]{64}\.jpg\?maxAge=600$/) } })
  })

  it('gives public images their cloud fileID as a stable URL', async () => {
    const bytes = await photo(20)
    const t = await ticket(app.users['mall-operator'], 'goods_image', bytes)
    const confirmed = await call<'confirmUpload', StoredFile>(app.users['mall-operator'], 'confirmUpload', { ticket: t.ticket, cloudFileId: clientUpload(t.cloudPath, bytes) })
    expect(confirmed).toMatchObject({ ok: true, data: { url: expect.stringMatching(new RegExp(`^${bucket}/public/[0-9a-f]{64}\\.jpg$`)) } })
  })

  it('refuses a fileID other than the ticket’s, and leaves that file alone', async () => {
    const member = app.users.member
    const other = await ticket(app.users['sibling-member'], 'claim_document', await photo(30))
    const othersUpload = clientUpload(other.cloudPath, await photo(30))
    const mine = await ticket(member, 'claim_document', await photo(31))
    const refused = await call(member, 'confirmUpload', { ticket: mine.ticket, cloudFileId: othersUpload })
    expect(refused).toMatchObject({ ok: false, error: { code: 'UPLOAD_TICKET_INVALID' } })
    expect(stored()).toContain(other.cloudPath)
  })

  it('refuses the wrong real type, deletes the raw upload and stores nothing', async () => {
    const before = stored()
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(100)])
    const t = await ticket(app.users.member, 'claim_document', elf)
    const refused = await call(app.users.member, 'confirmUpload', { ticket: t.ticket, cloudFileId: clientUpload(t.cloudPath, elf) })
    expect(refused).toMatchObject({ ok: false, error: { code: 'FILE_TYPE_NOT_ALLOWED' } })
    expect(stored()).toEqual(before)
    const missing = await ticket(app.users.member, 'claim_document', elf)
    const never = await call(app.users.member, 'confirmUpload', { ticket: missing.ticket, cloudFileId: `${bucket}/${missing.cloudPath}` })
    expect(never).toMatchObject({ ok: false, error: { code: 'UPLOAD_INCOMPLETE' } })
  })

  it('cleans cloud storage with the rows', async () => {
    const member = await loadCaller(app.db, app.users.member)
    if (!member) throw new Error('no member')
    const [row] = await app.db.query<{ id: number }>(`SELECT id FROM file WHERE owner_user_id = $1 AND status = 'ready' ORDER BY id LIMIT 1`, [member.userId])
    await app.db.transaction((tx) => attachFiles(tx, member, [row.id], { purpose: 'claim_document', record: 'claim:7' }))
    await cleanFiles({ db: app.db, env }, { now: new Date(Date.now() + 25 * 3600_000) })
    // The attached claim document and its thumbnail stay; every other blob went with its row, and
    // the raw upload of the ticket that was never confirmed with it.
    expect(stored()).toHaveLength(2)
  })
})
