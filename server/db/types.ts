export interface QueryOptions {
  /**
   * Plan the statement for these parameter values every time instead of reusing a cached plan:
   * for queries whose best plan depends on the values (the feed's per-branch index walks).
   */
  planPerCall?: boolean
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], options?: QueryOptions): Promise<T[]>
  /** Runs a multi-statement script (migrations, seeds) without parameters. */
  exec(sql: string): Promise<void>
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres'
  /** Runs fn in one transaction; rolls back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>
  close(): Promise<void>
}
