import Taro from '@tarojs/taro'

/**
 * The WeChat cloud environment the functions are deployed to (云开发 → 设置 → 环境 ID), fixed at
 * build time from TARO_APP_CLOUD_ENV; config/index.ts refuses a production build without it.
 */
export const CLOUD_ENV_ID = process.env.TARO_APP_CLOUD_ENV ?? ''

export function initCloud(): void {
  Taro.cloud.init({ env: CLOUD_ENV_ID, traceUser: true })
}
