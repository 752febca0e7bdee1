/**
 * Bundles each cloud function into dist/cloudfunctions/<name>/ as a self-contained folder:
 * index.js (the runtime check), function.js (CommonJS, all code bundled), its migrations, and
 * a package.json. Upload as is.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { build } from 'esbuild'
import { certificateFontFile } from '../server/course/certificate-pdf'
import { errorMessages } from '../src/shared/errors'
import { copyMigrations, migrationsBesideBundle } from './bundle-migrations'

/** The bundle uses `node:` imports and ES2022 syntax. */
export const minimumNodeMajor = 16

/**
 * The entry WeChat loads. ES5 on purpose: an older runtime must be able to parse it, or it
 * could not say what is wrong; the bundle itself would fail there with a bare SyntaxError.
 */
const runtimeCheck = `'use strict';
var major = Number(process.versions.node.split('.')[0]);
if (major < ${minimumNodeMajor}) {
  console.error(JSON.stringify({ level: 'error', msg: 'unsupported runtime', error: ${JSON.stringify(
    `云函数需要 Node.js ${minimumNodeMajor} 或更高版本的运行环境，当前为 `,
  )} + process.versions.node + ${JSON.stringify(`：请在云开发控制台以 Node.js ${minimumNodeMajor} 或更高版本重新创建此云函数`)} }));
  exports.main = function () {
    return Promise.resolve({ ok: false, error: { code: 'SERVICE_MISCONFIGURED', message: ${JSON.stringify(errorMessages.SERVICE_MISCONFIGURED)} } });
  };
} else {
  module.exports = require('./function.js');
}
`

/**
 * npm packages a function loads at run time beside wx-server-sdk: the native image library for
 * uploads and book covers, the Chinese word segmenter for the legal knowledge base and the library,
 * the PDF library for certificates (it reads its own data files at run time, so it is not bundled).
 */
const functionDependencies: Record<string, Record<string, string>> = {
  course: { pdfkit: '^0.20.2' },
  file: { sharp: '^0.35.5' },
  legal: { '@node-rs/jieba': '^2.0.3' },
  library: { '@node-rs/jieba': '^2.0.3', sharp: '^0.35.5' },
  'library-import': { '@node-rs/jieba': '^2.0.3', sharp: '^0.35.5' },
}

/**
 * Files a function reads beside its bundle: the certificate's font, the one weight drawn
 * (server/course/certificate-pdf.ts finds it in fonts/), not the family's other 15 MB files.
 */
const functionFiles: Record<string, { from: string; to: string }[]> = {
  course: [{ from: join('node_modules', '@expo-google-fonts', 'noto-serif-sc', '400Regular', certificateFontFile), to: join('fonts', certificateFontFile) }],
}

const sourceRoot = 'cloudfunctions'
const outRoot = join('dist', 'cloudfunctions')

export async function buildFunctions(): Promise<string[]> {
  rmSync(outRoot, { recursive: true, force: true })
  const names = readdirSync(sourceRoot).filter((name) => statSync(join(sourceRoot, name)).isDirectory())
  for (const name of names) {
    const outDir = join(outRoot, name)
    await build({
      entryPoints: [join(sourceRoot, name, 'index.ts')],
      outfile: join(outDir, 'function.js'),
      bundle: true,
      platform: 'node',
      target: `node${minimumNodeMajor}`,
      format: 'cjs',
      minify: true,
      sourcemap: false,
      legalComments: 'none',
      // The cloud path always has DATABASE_URL; the embedded database never ships there.
      // wx-server-sdk is installed by the cloud from package.json (server/wechat/cloud-sdk.ts).
      // sharp and jieba are native: the cloud installs them for its own platform (functionDependencies).
      external: ['@electric-sql/pglite', 'pg-native', 'wx-server-sdk', 'sharp', '@node-rs/jieba', 'pdfkit'],
      ...migrationsBesideBundle,
      logLevel: 'warning',
    })
    writeFileSync(join(outDir, 'index.js'), runtimeCheck)
    copyMigrations(outDir)
    for (const file of functionFiles[name] ?? []) {
      mkdirSync(join(outDir, dirname(file.to)), { recursive: true })
      cpSync(file.from, join(outDir, file.to))
    }
    // Trigger settings (the expiry timer) travel with the function.
    const config = join(sourceRoot, name, 'config.json')
    if (existsSync(config)) cpSync(config, join(outDir, 'config.json'))
    writeFileSync(
      join(outDir, 'package.json'),
      JSON.stringify({ name, version: '1.0.0', private: true, main: 'index.js', engines: { node: `>=${minimumNodeMajor}` }, dependencies: { 'wx-server-sdk': '~4.0.2', ...functionDependencies[name] } }, null, 2),
    )
  }
  return names
}

const isMain = process.argv[1]?.endsWith('build-functions.ts')
if (isMain) {
  mkdirSync(outRoot, { recursive: true })
  buildFunctions().then((names) => console.log(`已打包云函数：${names.join('、')} → ${outRoot}`))
}
