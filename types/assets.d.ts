/** Images imported from src/assets resolve to a URL: an emitted file in both builds (config/index.ts). */
declare module '*.svg' {
  const url: string
  export default url
}
