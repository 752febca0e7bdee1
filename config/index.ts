import { resolve } from 'node:path'
import { defineConfig } from '@tarojs/cli'
import type { UserConfigExport } from '@tarojs/cli'
import devConfig from './dev'
import { localBuildMeta } from './local-build'
import prodConfig from './prod'

const platform = process.env.TARO_ENV ?? 'weapp'

// Test runners export NODE_ENV=test, which Taro passes on to React and its own runtime and so
// ships their development builds. Anything but a watch build (development) is a production build.
if (process.env.NODE_ENV !== 'development') process.env.NODE_ENV = 'production'

/** What src/platform/cloud.weapp.ts shipped with; a build carrying it would call no environment. */
const placeholderCloudEnv = 'your-cloud-env-id'

/**
 * The WeChat cloud environment the weapp calls, from TARO_APP_CLOUD_ENV. A production weapp
 * build without a real one fails here, instead of shipping an app whose every call fails.
 */
function cloudEnvId(): string {
  const value = process.env.TARO_APP_CLOUD_ENV?.trim() ?? ''
  if (platform !== 'weapp') return value
  if (!value || value === placeholderCloudEnv) {
    const message =
      '小程序构建需要云开发环境 ID：请设置 TARO_APP_CLOUD_ENV（微信开发者工具 → 云开发 → 设置 → 环境 ID），' +
      `例如 TARO_APP_CLOUD_ENV=prod-1a2b3c npm run build:weapp${value ? `；“${placeholderCloudEnv}”只是占位符` : ''}`
    if (process.env.NODE_ENV !== 'development') throw new Error(message)
    console.warn(`${message}（开发构建继续，云函数调用会失败）`)
  }
  return value
}

/** `npm start`'s first build: see config/local-build.ts. */
const localBuild = platform === 'h5' && process.env.JX_H5_BUILD === 'local'

/** For scripts/start.mjs (which spells it too): one line per whole percent on stdout, in place of the bars. */
const progressMarker = '[jx-progress] '

/**
 * Webpack's persistent cache inside the clone (.cache/webpack), not under node_modules/.cache:
 * checkouts that share one node_modules must not share a cache, and a fresh clone pays, and so
 * measures, a cold build. Taro's `cache` option has no field for the directory.
 */
function cacheInsideClone(chain: { get(key: string): unknown; set(key: string, value: unknown): unknown }): void {
  const cache = chain.get('cache')
  if (cache && typeof cache === 'object') chain.set('cache', { ...cache, cacheDirectory: resolve('.cache/webpack') })
}

/** NutUI is authored for a 375 px design; our own styles use 750. */
function designWidth(input?: string | number | { file?: string }): number {
  const file = typeof input === 'object' && input ? input.file ?? '' : ''
  return file.replace(/\\+/g, '/').includes('@nutui') ? 375 : 750
}

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'jiaxing-worker-home',
    designWidth,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    // One output dir per platform so a weapp build never clobbers the H5 bundle the host serves.
    outputRoot: `dist/${platform}`,
    plugins: [],
    defineConstants: { 'process.env.TARO_APP_CLOUD_ENV': JSON.stringify(cloudEnvId()) },
    // Which pages WeChat search may index (app.config.ts points sitemapLocation at it); the H5 favicon.
    copy: { patterns: platform === 'weapp' ? [{ from: 'src/sitemap.json', to: `dist/${platform}/sitemap.json` }] : ['favicon.svg', 'favicon.ico'].map((name) => ({ from: `src/${name}`, to: `dist/${platform}/${name}` })), options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: true },
    mini: {
      webpackChain: cacheInsideClone,
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      // Modules used only by subpackages stay out of the 2 MB-capped main package.
      optimizeMainPackage: { enable: true },
      // Class names are unique per component, so stylesheet order across chunks does not matter.
      miniCssExtractPluginOption: { ignoreOrder: true },
      // Icons ship as files (WeChat's <image> takes local .svg), never as base64 inside the JS.
      imageUrlLoaderOption: { limit: true },
    },
    ...(platform !== 'h5'
      ? {}
      : localBuild
        ? { jsMinimizer: 'esbuild' as const, esbuild: { minify: { enable: false } } }
        : // Taro's terser options quote every property key, for ES3 browsers, and keep every
          // function's name, which nothing here reads (the e2e suites pass without): 3.5 KB of
          // the first load. The browserslist (package.json) starts at ES2017 (Chrome 87, iOS 12).
          { terser: { enable: true, config: { ecma: 2017 as const, keep_fnames: false, output: { quote_keys: false } } } }),
    // Webpackbar's plain reporter (a line at start and end) in place of ~500 lines of redrawn bars.
    logger: { quiet: true, stats: false },
    h5: {
      ...(localBuild ? { htmlPluginOption: { meta: { [localBuildMeta.name]: localBuildMeta.content } } } : {}),
      webpackChain(chain, webpack) {
        cacheInsideClone(chain)
        // npm start builds only when dist/h5 is missing, once: writing a cache would cost it 3 s.
        if (localBuild) chain.set('cache', false)
        // Every page is an async chunk, and Taro splits only initial chunks: each page carried its
        // own copy of what it shares with others (NutUI, the API client), and a first visit that
        // loads two pages (home, then login) downloaded those twice. Webpack's own minimum chunk
        // size (Taro sets 0) keeps that visit to 8 scripts rather than 17, and 1.3 KB smaller.
        chain.optimization.splitChunks({ ...chain.optimization.get('splitChunks'), chunks: 'all', minSize: 20_000 })
        if (!process.env.JX_BUILD_PROGRESS) return
        let shown = -1
        chain.plugin('jx-progress').use(webpack.ProgressPlugin, [
          (fraction: number) => {
            const percent = Math.floor(fraction * 100)
            if (percent > shown) console.log(`${progressMarker}${(shown = percent)}`)
          },
        ])
      },
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      // Icons load as small files rather than growing the initial JS; hashed, since the host
      // serves static files as immutable.
      imageUrlLoaderOption: { limit: true, name: 'static/images/[name].[contenthash:8][ext]' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
  }
  return merge({}, baseConfig, process.env.NODE_ENV === 'development' ? devConfig : prodConfig)
})
