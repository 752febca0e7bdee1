import { Worker } from 'node:worker_threads'
import type { Env } from '../server/env'
import { mergeResults } from './redeem-client'
import type { LoadPlan, LoadResult } from './redeem-client'
import type { FromWorker, ToWorker, WorkerData } from './redeem-worker'

/**
 * Worker threads each running their share of the clients with their own pool: the same
 * handlers, but on more than one event loop, to see whether one node thread is the limit.
 */
export interface ClientThreads {
  /** Every thread runs the plan made for it; the results are merged. */
  run(planFor: (thread: number) => LoadPlan): Promise<LoadResult>
  close(): Promise<void>
}

// tsx hooks the main thread only: a worker registers them itself before loading TypeScript.
const entry = new URL('./redeem-worker.ts', import.meta.url).href
const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}) })`

function next(worker: Worker, expected: FromWorker['kind']): Promise<FromWorker> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      worker.off('message', onMessage)
      worker.off('error', onError)
    }
    const onMessage = (message: FromWorker) => {
      cleanup()
      if (message.kind === expected) resolve(message)
      else reject(new Error(message.kind === 'failed' ? message.message : `worker 回复了 ${message.kind}，应为 ${expected}`))
    }
    const onError = (error: Error) => {
      cleanup()
      reject(error)
    }
    worker.on('message', onMessage)
    worker.on('error', onError)
  })
}

export async function startClientThreads(threads: number, clientsPerThread: number, url: string, env: Env): Promise<ClientThreads> {
  const workers = Array.from({ length: threads }, () => {
    const workerData: WorkerData = { url, clients: clientsPerThread, env }
    return new Worker(boot, { eval: true, workerData })
  })
  const post = (worker: Worker, message: ToWorker) => worker.postMessage(message)
  try {
    await Promise.all(workers.map((w) => next(w, 'ready')))
  } catch (error) {
    await Promise.all(workers.map((w) => w.terminate()))
    throw error
  }
  return {
    async run(planFor) {
      const replies = workers.map((w, i) => {
        const reply = next(w, 'result')
        post(w, { kind: 'run', plan: planFor(i) })
        return reply
      })
      const results = await Promise.all(replies)
      return mergeResults(results.flatMap((r) => (r.kind === 'result' ? [r.result] : [])))
    },
    async close() {
      await Promise.all(workers.map(async (w) => {
        const closed = next(w, 'closed')
        post(w, { kind: 'close' })
        await closed.catch(() => undefined)
        await w.terminate()
      }))
    },
  }
}
