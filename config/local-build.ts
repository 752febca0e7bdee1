/**
 * `npm start`'s first H5 build (scripts/start.mjs sets JX_H5_BUILD=local) is not minified, which
 * halves the CPU a cold build costs. Its index.html carries this meta tag, and the tests and the
 * bench rebuild such an output before they serve or measure it: only `npm run build:h5` ships.
 * A module of its own so that tests can read it without loading the Taro config.
 */
export const localBuildMeta = { name: 'jx-build', content: 'local' } as const

export function isLocalBuildHtml(html: string): boolean {
  return html.includes(`<meta name="${localBuildMeta.name}" content="${localBuildMeta.content}"`)
}
