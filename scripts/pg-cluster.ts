import { execFileSync, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Where Debian and this image keep the PostgreSQL server binaries. */
function findBinDir(): string | null {
  const candidates = [process.env.PG_BIN_DIR, '/usr/local/bin', '/usr/lib/postgresql']
  for (const dir of candidates) {
    if (!dir || !existsSync(dir)) continue
    if (existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir
    if (dir === '/usr/lib/postgresql') {
      const versions = readdirSync(dir).sort((a, b) => Number(b) - Number(a))
      for (const version of versions) {
        const bin = join(dir, version, 'bin')
        if (existsSync(join(bin, 'initdb'))) return bin
      }
    }
  }
  return null
}

export function postgresServerAvailable(): boolean {
  return findBinDir() !== null
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

export interface Cluster {
  url: (database?: string) => string
  port: number
  binDir: string
  /** Stops the server and removes its data. */
  stop(): void
  /** Stops the server at once, as a crash would (`pg_ctl stop -m immediate`), keeping its data. */
  crash(): void
  /** Starts the server again on the same data dir and port, after crash(). */
  restart(): void
}

/**
 * A throw-away PostgreSQL server on 127.0.0.1 and a free port. initdb refuses to run as root,
 * so as root the cluster belongs to the postgres user.
 */
export async function startCluster(settings: Record<string, string> = {}): Promise<Cluster> {
  const binDir = findBinDir()
  if (!binDir) throw new Error('找不到 PostgreSQL 服务器程序（initdb、pg_ctl）')
  const dir = mkdtempSync(join(tmpdir(), 'jx-pg-'))
  const asRoot = process.getuid?.() === 0
  const run = (command: string, args: string[]) => {
    const full = asRoot ? ['-u', 'postgres', '--', join(binDir, command), ...args] : args
    const result = spawnSync(asRoot ? 'runuser' : join(binDir, command), full, { encoding: 'utf8' })
    if (result.status !== 0) throw new Error(`${command} 失败：${result.stderr || result.stdout}`)
  }
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
    chownSync(dir, uid, gid)
  }
  const dataDir = join(dir, 'data')
  run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'])
  const port = await freePort()
  const options = Object.entries({
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: dir,
    max_connections: '300',
    ...settings,
  })
    .map(([key, value]) => `-c ${key}=${value}`)
    .join(' ')
  const start = () => run('pg_ctl', ['-D', dataDir, '-o', options, '-l', join(dir, 'server.log'), '-w', 'start'])
  const crash = () => run('pg_ctl', ['-D', dataDir, '-m', 'immediate', 'stop'])
  start()
  return {
    port,
    binDir,
    url: (database = 'postgres') => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    stop() {
      try {
        // After a crash() that was not followed by restart() there is nothing left to stop.
        if (spawnSync(join(binDir, 'pg_ctl'), ['-D', dataDir, 'status']).status === 0) crash()
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
    crash,
    restart: start,
  }
}
