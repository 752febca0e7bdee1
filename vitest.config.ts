import { defineConfig } from 'vitest/config'

const integration = ['test/integration/**/*.test.ts']

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['server/**/*.test.ts', 'src/**/*.test.ts', 'cloudfunctions/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration-pglite',
          include: integration,
          // Kills and terminates PostgreSQL server processes: there are none under PGlite.
          exclude: ['test/integration/db-faults.test.ts'],
          env: { TEST_DB: 'pglite' },
          globalSetup: ['test/support/global-pglite.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration-pg',
          include: integration,
          env: { TEST_DB: 'pg' },
          globalSetup: ['test/support/global-pg.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // One browser and one H5 host at a time: two cores cannot drive more without flaking.
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'build',
          include: ['test/build/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
})
