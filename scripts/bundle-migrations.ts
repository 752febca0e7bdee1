import { cpSync } from 'node:fs'
import { join } from 'node:path'
import type { BuildOptions } from 'esbuild'

/**
 * esbuild options for a CommonJS bundle of server code: loadMigrations() finds its SQL through
 * import.meta.url, which a bundle no longer has, so it is pointed at the copy beside the bundle.
 */
export const migrationsBesideBundle: Pick<BuildOptions, 'banner' | 'define'> = {
  banner: {
    js: "const __migrationsUrl = require('url').pathToFileURL(require('path').join(__dirname, 'migrations', 'index.js')).href;",
  },
  define: { 'import.meta.url': '__migrationsUrl' },
}

/** Copies the SQL migrations next to a bundle built with migrationsBesideBundle. */
export function copyMigrations(outDir: string): void {
  cpSync(join('server', 'migrations'), join(outDir, 'migrations'), { recursive: true, filter: (f) => !f.endsWith('.ts') })
}
