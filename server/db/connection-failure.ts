/**
 * Failures of the connection itself, as opposed to a statement the server refused: the server
 * went away (restart, failover, pg_terminate_backend), could not be reached, or the socket broke.
 * After one of these the outcome of a statement in flight is unknown and the client is unusable.
 */
const connectionStates = new Set(['57P01', '57P02', '57P03'])
const socketErrnos = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'])
// node-postgres reports its own socket-level failures without a code.
const clientMessages = ['Connection terminated', 'Client has encountered a connection error', 'timeout exceeded when trying to connect']

export function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string' && (code.startsWith('08') || connectionStates.has(code) || socketErrnos.has(code))) return true
  if (clientMessages.some((text) => error.message.includes(text))) return true
  // pg-pool wraps a connect timeout around the socket error it met.
  return error.cause !== undefined && error.cause !== error && isConnectionFailure(error.cause)
}
