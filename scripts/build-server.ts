/**
 * Bundles the self-hosted host (server/start.ts) into dist/server/start.js, so that starting it
 * runs plain JavaScript instead of transpiling TypeScript on every start. `npm start` runs
 * scripts/start.mjs, which rebuilds through this script when the bundle is missing or stale.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'
import { copyMigrations, migrationsBesideBundle } from './bundle-migrations'

export const serverOutDir = join('dist', 'server')

/**
 * Builds into outDir: start.js (CommonJS, the app's code bundled, the database drivers left to
 * node_modules), the migrations, and inputs.json, the files whose change makes the bundle stale.
 */
export async function buildServer(outDir = serverOutDir): Promise<string> {
  rmSync(outDir, { recursive: true, force: true })
  mkdirSync(outDir, { recursive: true })
  const result = await build({
    entryPoints: [join('server', 'start.ts')],
    outfile: join(outDir, 'start.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    // Native and WASM drivers and pdfkit load files of their own at run time; pg-native is optional in pg.
    external: ['pg', 'pg-native', '@electric-sql/pglite', 'sharp', '@node-rs/jieba', 'pdfkit'],
    ...migrationsBesideBundle,
    metafile: true,
    logLevel: 'warning',
  })
  copyMigrations(outDir)
  // The repository is an ES module package; the bundle is CommonJS like the cloud functions.
  writeFileSync(join(outDir, 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`)
  const migrations = join('server', 'migrations')
  const inputs = [
    ...Object.keys(result.metafile.inputs).filter((file) => !file.includes('node_modules')),
    // A new migration changes the folder; the SQL files are copied, not bundled.
    migrations,
    ...readdirSync(migrations).map((file) => join(migrations, file)),
    join('scripts', 'build-server.ts'),
    join('scripts', 'bundle-migrations.ts'),
    'package.json',
  ]
  writeFileSync(join(outDir, 'inputs.json'), `${JSON.stringify([...new Set(inputs)], null, 1)}\n`)
  return join(outDir, 'start.js')
}

if (process.argv[1]?.endsWith('build-server.ts')) {
  const started = performance.now()
  buildServer().then((file) => console.log(`已构建服务端：${file}（${Math.round(performance.now() - started)} ms）`))
}
