import { randomBytes } from 'node:crypto'
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { Queryable } from '../db'
import type { Env } from '../env'
import { signText, verifySignedText } from '../tokens'
import { wxCloudSdk } from '../wechat/cloud-sdk'

/**
 * Where stored bytes live. Keys are content-addressed (`public/<sha256>.jpg`,
 * `private/<sha256>.pdf`): writing a key that exists writes the same bytes, so it is skipped.
 * `put` answers the reference a file row keeps (the key itself locally, a fileID in WeChat's
 * cloud); every other call takes that reference. An S3-compatible store (Tencent COS) would be a
 * third implementation of this interface.
 */
export interface FileStore {
  readonly kind: Env['fileStore']
  put(key: string, bytes: Buffer): Promise<string>
  get(ref: string): Promise<Buffer>
  /** Deleting what is not there is not an error: cleanup runs again after a crash. */
  delete(refs: string[]): Promise<void>
  /** A URL valid for `ttlSeconds`, for private files. */
  signedUrl(ref: string, ttlSeconds: number): Promise<string>
}

/** Public files: the URL is a function of the reference alone, stable and cacheable. */
export function publicFileUrl(ref: string): string {
  return ref.startsWith('cloud://') ? ref : `/files/${basename(ref)}`
}

export const publicDir = 'public'
export const privateDir = 'private'
/** A stored blob's file name: the sha256 of its bytes and the extension of its type. */
export const blobName = /^[0-9a-f]{64}\.(jpg|png|pdf|csv|xlsx|epub|mp4)$/

/** Where the host puts an upload's bytes while it checks them. */
export function uploadTmpDir(env: Env): string {
  return join(env.dataDir, 'files', 'tmp')
}

/**
 * Serialises writers and deleters of one blob: the upload that finds a blob already stored and
 * the cleanup that deletes a blob's last row must not interleave. Blob names are sha256-based,
 * so they lock the same way whichever store holds them.
 */
export async function lockBlobs(tx: Queryable, names: string[]): Promise<void> {
  for (const name of [...new Set(names)].sort()) {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`file-blob:${name}`])
  }
}

const signedUrlPurpose = 'file-url'

function signedUrlText(name: string, exp: number): string {
  return `${name}\n${exp}`
}

/** Checks the query of `/files/private/<name>?exp=&sig=`: the host serves it only while this holds. */
export function verifyPrivateUrl(env: Env, name: string, exp: string | null, sig: string | null, nowMs = Date.now()): boolean {
  if (!exp || !sig || !/^\d{1,12}$/.test(exp)) return false
  if (Number(exp) * 1000 <= nowMs) return false
  return verifySignedText(env.appSecret, signedUrlPurpose, signedUrlText(name, Number(exp)), sig)
}

/** DATA_DIR/files: written through a temporary file, fsync and rename, so a crash never leaves half a blob under its name. */
export function localFileStore(env: Env, now: () => number = Date.now): FileStore {
  const root = join(env.dataDir, 'files')
  const tmp = uploadTmpDir(env)
  return {
    kind: 'local',
    async put(key, bytes) {
      const target = join(root, key)
      const exists = await stat(target).then(() => true, () => false)
      if (exists) return key
      await mkdir(join(target, '..'), { recursive: true })
      await mkdir(tmp, { recursive: true })
      const temporary = join(tmp, `${randomBytes(12).toString('hex')}.part`)
      const handle = await open(temporary, 'wx', 0o640)
      try {
        await handle.writeFile(bytes)
        await handle.sync()
      } finally {
        await handle.close()
      }
      try {
        await rename(temporary, target)
      } catch (error) {
        await rm(temporary, { force: true })
        throw error
      }
      return key
    },
    get: (ref) => readFile(join(root, ref)),
    async delete(refs) {
      await Promise.all(refs.map((ref) => rm(join(root, ref), { force: true })))
    },
    async signedUrl(ref, ttlSeconds) {
      const name = basename(ref)
      const exp = Math.floor(now() / 1000) + ttlSeconds
      return `/files/private/${name}?exp=${exp}&sig=${signText(env.appSecret, signedUrlPurpose, signedUrlText(name, exp))}`
    },
  }
}

/** WeChat cloud storage through wx-server-sdk; only ever used inside a cloud function. */
export function wechatFileStore(): FileStore {
  return {
    kind: 'wechat',
    async put(key, bytes) {
      const { fileID } = await wxCloudSdk().uploadFile({ cloudPath: key, fileContent: bytes })
      return fileID
    },
    async get(ref) {
      const { fileContent } = await wxCloudSdk().downloadFile({ fileID: ref })
      return fileContent
    },
    async delete(refs) {
      if (refs.length) await wxCloudSdk().deleteFile({ fileList: refs })
    },
    async signedUrl(ref, ttlSeconds) {
      const { fileList } = await wxCloudSdk().getTempFileURL({ fileList: [{ fileID: ref, maxAge: ttlSeconds }] })
      const url = fileList[0]?.tempFileURL
      if (!url) throw new Error(`getTempFileURL: ${fileList[0]?.errMsg ?? 'no answer'}`)
      return url
    },
  }
}

const stores = new WeakMap<Env, FileStore>()

/** The store the environment names, made once per environment. */
export function fileStoreOf(env: Env): FileStore {
  let store = stores.get(env)
  if (!store) {
    store = env.fileStore === 'wechat' ? wechatFileStore() : localFileStore(env)
    stores.set(env, store)
  }
  return store
}
