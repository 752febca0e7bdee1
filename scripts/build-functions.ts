/**
 * Bundles each cloud function into dist/cloudfunctions/<name>/ as a self-contained folder:
 * index.js (CommonJS, all code bundled), its migrations, and a package.json. Upload as is.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'
import { copyMigrations, migrationsBesideBundle } from './bundle-migrations'

const sourceRoot = 'cloudfunctions'
const outRoot = join('dist', 'cloudfunctions')

export async function buildFunctions(): Promise<string[]> {
  rmSync(outRoot, { recursive: true, force: true })
  const names = readdirSync(sourceRoot).filter((name) => statSync(join(sourceRoot, name)).isDirectory())
  for (const name of names) {
    const outDir = join(outRoot, name)
    await build({
      entryPoints: [join(sourceRoot, name, 'index.ts')],
      outfile: join(outDir, 'index.js'),
      bundle: true,
      platform: 'node',
      target: 'node16',
      format: 'cjs',
      minify: true,
      sourcemap: false,
      legalComments: 'none',
      // The cloud path always has DATABASE_URL; the embedded database never ships there.
      external: ['@electric-sql/pglite', 'pg-native'],
      ...migrationsBesideBundle,
      logLevel: 'warning',
    })
    copyMigrations(outDir)
    // Trigger settings (the daily expiry timer) travel with the function.
    const config = join(sourceRoot, name, 'config.json')
    if (existsSync(config)) cpSync(config, join(outDir, 'config.json'))
    writeFileSync(
      join(outDir, 'package.json'),
      JSON.stringify({ name, version: '1.0.0', private: true, main: 'index.js', dependencies: {} }, null, 2),
    )
  }
  return names
}

const isMain = process.argv[1]?.endsWith('build-functions.ts')
if (isMain) {
  mkdirSync(outRoot, { recursive: true })
  buildFunctions().then((names) => console.log(`已打包云函数：${names.join('、')} → ${outRoot}`))
}
