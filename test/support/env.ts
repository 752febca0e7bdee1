import type { Env } from '../../server/env'
import { parseSubscribeConfig } from '../../server/subscribe/templates'

/**
 * Templates as a deployment would configure them (config/subscribe-templates.example.json with
 * ids of the same shape): approval and rejection share one template, as WeChat's 审核结果通知 does.
 */
export const testSubscribeConfig = parseSubscribeConfig(
  JSON.stringify({
    miniprogramState: 'developer',
    templates: {
      order_shipped: {
        templateId: 'tpl-order-shipped-000000000000000000000001',
        fields: { character_string1: 'payload.orderNo', thing2: 'payload.itemTitle', character_string3: 'payload.trackingNo', time4: 'createdAt' },
      },
      order_cancelled: {
        templateId: 'tpl-order-cancelled-0000000000000000000002',
        fields: { character_string1: 'payload.orderNo', thing2: 'payload.itemTitle', thing3: 'payload.reason', time4: 'createdAt' },
      },
      application_approved: {
        templateId: 'tpl-review-result-000000000000000000000003',
        fields: { phrase1: 'text:已通过', thing2: 'text:工会入会申请', thing3: 'body', time4: 'createdAt' },
      },
      application_rejected: {
        templateId: 'tpl-review-result-000000000000000000000003',
        fields: { phrase1: 'text:未通过', thing2: 'text:工会入会申请', thing3: 'payload.reason', time4: 'createdAt' },
      },
    },
  }),
)

/** Fixed keys so the seeded template's ID hashes match what the tests compute. */
export const testEnv: Env = {
  production: false,
  databaseUrl: null,
  dataDir: '/nonexistent',
  port: 0,
  appSecret: 'test-app-secret-0123456789abcdef0123456789',
  idHashKey: 'test-id-hash-key-0123456789abcdef012345678',
  demoLogin: true,
  wechatApi: null,
  subscribe: testSubscribeConfig,
  fileStore: 'local',
  publicUrl: 'https://jxgh.example',
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** integration-pg: a server URL whose database jx_template is migrated and seeded. */
    pgAdminUrl: string
    /** integration-pglite: a gzipped PGlite data dir, migrated and seeded. */
    pgliteTemplate: string
  }
}
