import { createServer, connect } from 'node:net'
import type { Server, Socket } from 'node:net'

/**
 * What the client really sends, counted on the wire: a TCP relay in front of the server that reads
 * the frontend protocol. Each simple Query ('Q', e.g. BEGIN and COMMIT) and each Sync ('S', the
 * end of one extended-protocol statement) is one round trip; Parse ('P') is the server parsing and
 * planning a statement anew, which named statements do once per connection.
 */
export interface WireCounts {
  roundTrips: number
  simpleQueries: number
  parses: number
  binds: number
}

export interface WireCounter {
  /** A connection string to the same server and database, through the relay. */
  url: string
  counts(): WireCounts
  close(): Promise<void>
}

/** Frontend messages after startup: a type byte and a 4-byte length that counts itself. */
function messageReader(onMessage: (type: number) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0)
  // The startup packet (and an SSL request before it) has no type byte.
  let startup = true
  return (chunk) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk])
    for (;;) {
      const header = startup ? 4 : 5
      if (pending.length < header) return
      const length = startup ? pending.readInt32BE(0) : pending.readInt32BE(1) + 1
      if (pending.length < length) return
      if (startup) {
        // 80877103: SSLRequest, answered by one byte; the real startup packet follows.
        if (pending.readInt32BE(4) !== 80877103) startup = false
      } else {
        onMessage(pending[0])
      }
      pending = pending.subarray(length)
    }
  }
}

export async function startWireCounter(serverUrl: string): Promise<WireCounter> {
  const target = new URL(serverUrl)
  const counts: WireCounts = { roundTrips: 0, simpleQueries: 0, parses: 0, binds: 0 }
  const sockets = new Set<Socket>()
  const count = (type: number) => {
    const kind = String.fromCharCode(type)
    if (kind === 'Q') {
      counts.simpleQueries++
      counts.roundTrips++
    } else if (kind === 'S') counts.roundTrips++
    else if (kind === 'P') counts.parses++
    else if (kind === 'B') counts.binds++
  }
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname)
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.setNoDelay(true)
      s.on('close', () => sockets.delete(s))
      s.on('error', () => (s === client ? upstream : client).destroy())
    }
    const read = messageReader(count)
    client.on('data', (chunk: Buffer) => {
      read(chunk)
      upstream.write(chunk)
    })
    upstream.on('data', (chunk: Buffer) => client.write(chunk))
    client.on('end', () => upstream.end())
    upstream.on('end', () => client.end())
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('计数中继没有 TCP 端口')
  const url = new URL(serverUrl)
  url.hostname = '127.0.0.1'
  url.port = String(address.port)
  return {
    url: url.toString(),
    counts: () => ({ ...counts }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}
