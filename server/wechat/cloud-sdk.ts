import { createRequire } from 'node:module'
import { join } from 'node:path'

/**
 * The part of wx-server-sdk the server uses. The SDK exists only inside a WeChat cloud function,
 * where the cloud installs it from the function's package.json (scripts/build-functions.ts); the
 * self-hosted host never loads it, so it is not a dependency here and its shape is stated once.
 */
export interface WxCloudSdk {
  init(options: { env: string }): void
  DYNAMIC_CURRENT_ENV: string
  uploadFile(options: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string }>
  downloadFile(options: { fileID: string }): Promise<{ fileContent: Buffer }>
  deleteFile(options: { fileList: string[] }): Promise<{ fileList: { fileID: string; status: number; errMsg: string }[] }>
  getTempFileURL(options: { fileList: { fileID: string; maxAge: number }[] }): Promise<{
    fileList: { fileID: string; tempFileURL: string; status: number; errMsg: string }[]
  }>
  openapi: {
    /**
     * Text content check, version 2 (scene 1: a profile). `result.suggest` is WeChat's verdict;
     * errCode is 0 when the check ran.
     */
    security: {
      msgSecCheck(options: { openid: string; scene: 1 | 2 | 3 | 4; version: 2; content: string; nickname?: string }): Promise<{
        errCode: number
        errMsg: string
        result?: { suggest: 'pass' | 'review' | 'risky'; label: number }
      }>
    }
    subscribeMessage: {
      send(options: {
        touser: string
        templateId: string
        page: string
        data: Record<string, { value: string }>
        miniprogramState?: 'developer' | 'trial' | 'formal'
      }): Promise<{ errCode: number; errMsg: string }>
    }
  }
}

let sdk: WxCloudSdk | null = null

/** The SDK, initialised for the function's own environment on first use. */
export function wxCloudSdk(): WxCloudSdk {
  if (!sdk) {
    // Resolved at run time from the deployed function's own node_modules (its folder is the working
    // directory there), never bundled.
    const loaded = createRequire(join(process.cwd(), 'index.js'))('wx-server-sdk') as WxCloudSdk
    loaded.init({ env: loaded.DYNAMIC_CURRENT_ENV })
    sdk = loaded
  }
  return sdk
}
