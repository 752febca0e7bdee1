// The browser has no subscribe messages: members read theirs in 消息.
export const subscribeAvailable = false

export function requestSubscribe(): Promise<string[]> {
  return Promise.resolve([])
}
