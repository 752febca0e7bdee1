import Taro from '@tarojs/taro'

/**
 * WeChat cloud environment the functions are deployed to. Replace with your environment id
 * from the WeChat developer console (云开发 → 设置 → 环境 ID) before uploading.
 */
export const CLOUD_ENV_ID = 'your-cloud-env-id'

export function initCloud(): void {
  Taro.cloud.init({ env: CLOUD_ENV_ID, traceUser: true })
}
