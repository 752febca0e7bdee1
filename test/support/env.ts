import type { Env } from '../../server/env'

/** Fixed keys so the seeded template's ID hashes match what the tests compute. */
export const testEnv: Env = {
  production: false,
  databaseUrl: null,
  dataDir: '/nonexistent',
  port: 0,
  appSecret: 'test-app-secret-0123456789abcdef0123456789',
  idHashKey: 'test-id-hash-key-0123456789abcdef012345678',
  demoLogin: true,
  fileStore: 'local',
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** integration-pg: a server URL whose database jx_template is migrated and seeded. */
    pgAdminUrl: string
    /** integration-pglite: a gzipped PGlite data dir, migrated and seeded. */
    pgliteTemplate: string
  }
}
