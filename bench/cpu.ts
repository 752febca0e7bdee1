import { readdirSync, readFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { performance } from 'node:perf_hooks'
import type { Queryable } from '../server/db'
import { round } from './stats'

/**
 * Where the CPU went during a load run, in cores (CPU seconds per wall second): this process
 * (all its threads), the PostgreSQL server (postmaster and every child: backends, WAL writer,
 * checkpointer), this process's finished children (pgbench), and everything else on the machine.
 * Two cores shared by the handlers and the server: the split says which side is the limit.
 */
export interface CpuReport {
  wall_s: number
  machine_cores: number
  /** Busy cores of the whole machine, from /proc/stat. */
  machine_busy_cores: number
  node_cores: number
  /** CPU seconds of this process over the run (all threads). */
  node_cpu_s: number
  /** Share of the main thread's time its event loop was busy (1 = never idle). */
  node_main_thread_elu: number
  /** null when the server is not a local process this one can see. */
  postgres_cores: number | null
  /** CPU seconds (user + system) of the server's processes over the run, null as above. */
  postgres_cpu_s: number | null
  /** Children that ended during the run, e.g. pgbench. */
  children_cores: number
  /** Machine busy minus all of the above: builds and tests of other people on this machine. */
  other_cores: number | null
  /** Cores taken by the hypervisor for other machines. */
  steal_cores: number
  /**
   * Seconds per second the process's threads were ready to run but waited for a CPU (summed
   * over threads, from /proc/.../schedstat): high when the machine's cores are oversubscribed.
   */
  node_runqueue_wait: number
  postgres_runqueue_wait: number | null
}

export const clockTicks = 100 // USER_HZ on Linux: /proc times are in 1/100 s

interface ProcTimes {
  ppid: number
  ticks: number
  childTicks: number
}

/** A process's CPU ticks from /proc/<pid>/stat: every thread of it, user + system. */
export function procTimes(pid: number | 'self'): ProcTimes | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name is in parentheses and may hold spaces: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return {
      ppid: Number(fields[1]),
      ticks: Number(fields[11]) + Number(fields[12]),
      childTicks: Number(fields[13]) + Number(fields[14]),
    }
  } catch {
    return null
  }
}

function machineTicks(): { busy: number; steal: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]
    // user nice system idle iowait irq softirq steal (guest time is already inside user)
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1, 9).map(Number)
    return { busy: user + nice + system + irq + softirq, steal, total: user + nice + system + idle + iowait + irq + softirq + steal }
  } catch {
    return null
  }
}

/** Nanoseconds a task spent waiting on a run queue, 0 where schedstat is missing. */
function runqueueWaitNs(path: string): number {
  try {
    return Number(readFileSync(`${path}/schedstat`, 'utf8').split(' ')[1]) || 0
  } catch {
    return 0
  }
}

/** Nanoseconds a local process has run on a CPU (schedstat), null when it cannot be read. */
export function processCpuNs(pid: number): number | null {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0])
  } catch {
    return null
  }
}

function nodeRunqueueWaitNs(): number {
  try {
    return readdirSync('/proc/self/task').reduce((sum, tid) => sum + runqueueWaitNs(`/proc/self/task/${tid}`), 0)
  } catch {
    return 0
  }
}

/** The server's postmaster: the parent of any backend, if that backend is a local process. */
export async function findPostmasterPid(db: Queryable): Promise<number | null> {
  const [{ pid }] = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')
  const backend = procTimes(pid)
  if (!backend) return null
  try {
    const parent = readFileSync(`/proc/${backend.ppid}/comm`, 'utf8').trim()
    return parent === 'postgres' || parent === 'postmaster' ? backend.ppid : null
  } catch {
    return null
  }
}

interface ServerProc {
  ticks: number
  waitNs: number
}

/** CPU ticks and run-queue wait of the postmaster and every child, by pid. */
function serverProcs(postmaster: number): Map<number, ServerProc> {
  const found = new Map<number, ServerProc>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const pid = Number(entry)
    const times = procTimes(pid)
    if (times && (pid === postmaster || times.ppid === postmaster)) found.set(pid, { ticks: times.ticks, waitNs: runqueueWaitNs(`/proc/${pid}`) })
  }
  return found
}

export interface CpuMeter {
  stop(): CpuReport
}

/**
 * Starts measuring. Backends that end during the run would take their CPU time with them, so
 * the server's processes are sampled every samplingMs and each one's last reading counts.
 */
export function startCpuMeter(postmaster: number | null, samplingMs = 250): CpuMeter {
  const wallStart = performance.now()
  const nodeStart = process.cpuUsage()
  const eluStart = performance.eventLoopUtilization()
  const selfStart = procTimes('self')
  const machineStart = machineTicks()
  const nodeWaitStart = nodeRunqueueWaitNs()
  const first = postmaster ? serverProcs(postmaster) : new Map<number, ServerProc>()
  const last = new Map(first)
  const sample = () => {
    if (!postmaster) return
    for (const [pid, proc] of serverProcs(postmaster)) last.set(pid, proc)
  }
  const timer = setInterval(sample, samplingMs)
  return {
    stop() {
      clearInterval(timer)
      sample()
      const wall = (performance.now() - wallStart) / 1000
      const node = process.cpuUsage(nodeStart)
      const nodeCpuS = (node.user + node.system) / 1e6
      const nodeCores = nodeCpuS / wall
      const selfEnd = procTimes('self')
      const childrenCores = selfStart && selfEnd ? (selfEnd.childTicks - selfStart.childTicks) / clockTicks / wall : 0
      let postgresCpuS: number | null = null
      let postgresCores: number | null = null
      let postgresWait: number | null = null
      if (postmaster) {
        let ticks = 0
        let waitNs = 0
        for (const [pid, proc] of last) {
          ticks += proc.ticks - (first.get(pid)?.ticks ?? 0)
          waitNs += proc.waitNs - (first.get(pid)?.waitNs ?? 0)
        }
        postgresCpuS = ticks / clockTicks
        postgresCores = postgresCpuS / wall
        postgresWait = waitNs / 1e9 / wall
      }
      const machineEnd = machineTicks()
      const machineCores = cpus().length
      const share = (key: 'busy' | 'steal') => machineStart && machineEnd
        ? ((machineEnd[key] - machineStart[key]) / Math.max(1, machineEnd.total - machineStart.total)) * machineCores
        : NaN
      const busyCores = share('busy')
      return {
        wall_s: round(wall, 2),
        machine_cores: machineCores,
        machine_busy_cores: round(busyCores, 2),
        node_cores: round(nodeCores, 2),
        node_cpu_s: round(nodeCpuS, 3),
        node_main_thread_elu: round(performance.eventLoopUtilization(eluStart).utilization, 2),
        postgres_cores: postgresCores === null ? null : round(postgresCores, 2),
        postgres_cpu_s: postgresCpuS === null ? null : round(postgresCpuS, 3),
        children_cores: round(childrenCores, 2),
        other_cores: postgresCores === null ? null : round(Math.max(0, busyCores - nodeCores - postgresCores - childrenCores), 2),
        steal_cores: round(share('steal'), 2),
        node_runqueue_wait: round((nodeRunqueueWaitNs() - nodeWaitStart) / 1e9 / wall, 2),
        postgres_runqueue_wait: postgresWait === null ? null : round(postgresWait, 2),
      }
    },
  }
}
