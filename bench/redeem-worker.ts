import { parentPort, workerData } from 'node:worker_threads'
import type { Deps } from '../server/action'
import { createPostgresDb } from '../server/db/postgres'
import type { Env } from '../server/env'
import { runClients } from './redeem-client'
import type { LoadPlan, LoadResult } from './redeem-client'

/** Runs inside a worker thread (see redeem-threads.ts): its own event loop, its own pool. */
export interface WorkerData {
  url: string
  clients: number
  env: Env
}

export type ToWorker = { kind: 'run'; plan: LoadPlan } | { kind: 'close' }
export type FromWorker = { kind: 'ready' } | { kind: 'result'; result: LoadResult } | { kind: 'closed' } | { kind: 'failed'; message: string }

const port = parentPort
if (port) {
  const data: WorkerData = workerData
  const db = createPostgresDb(data.url, data.clients)
  const deps: Deps = { db, env: data.env }
  const send = (message: FromWorker) => port.postMessage(message)
  port.on('message', (message: ToWorker) => {
    const work = message.kind === 'run'
      ? runClients(deps, data.clients, message.plan).then((result) => send({ kind: 'result', result }))
      : db.close().then(() => send({ kind: 'closed' }))
    work.catch((error: unknown) => send({ kind: 'failed', message: error instanceof Error ? error.stack ?? error.message : String(error) }))
  })
  send({ kind: 'ready' })
}
