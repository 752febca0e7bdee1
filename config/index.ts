import { defineConfig } from '@tarojs/cli'
import type { UserConfigExport } from '@tarojs/cli'
import devConfig from './dev'
import prodConfig from './prod'

const platform = process.env.TARO_ENV ?? 'weapp'

// Test runners export NODE_ENV=test, which Taro passes on to React and its own runtime and so
// ships their development builds. Anything but a watch build (development) is a production build.
if (process.env.NODE_ENV !== 'development') process.env.NODE_ENV = 'production'

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
    defineConstants: {},
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: true },
    mini: {
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      // Modules used only by subpackages stay out of the 2 MB-capped main package.
      optimizeMainPackage: { enable: true },
      // Class names are unique per component, so stylesheet order across chunks does not matter.
      miniCssExtractPluginOption: { ignoreOrder: true },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
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
