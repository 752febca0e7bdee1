import { beforeEach, describe, expect, it, vi } from 'vitest'

const requestSubscribeMessage = vi.fn()
vi.mock('@tarojs/taro', () => ({ default: { requestSubscribeMessage } }))

const { requestSubscribe } = await import('./subscribe.weapp')

describe('requestSubscribe (weapp)', () => {
  beforeEach(() => {
    requestSubscribeMessage.mockReset()
  })

  it('asks WeChat in the same tick as the tap, before anything is awaited', () => {
    requestSubscribeMessage.mockReturnValue(new Promise(() => undefined))
    void requestSubscribe(['t1', 't2'])
    expect(requestSubscribeMessage).toHaveBeenCalledTimes(1)
    expect(requestSubscribeMessage.mock.calls[0][0]).toMatchObject({ tmplIds: ['t1', 't2'] })
  })

  it('resolves to the accepted templates only, at most 3 asked', async () => {
    requestSubscribeMessage.mockResolvedValue({ errMsg: 'requestSubscribeMessage:ok', t1: 'accept', t2: 'reject', t3: 'ban', t4: 'accept' })
    expect(await requestSubscribe(['t1', 't2', 't3', 't4'])).toEqual(['t1'])
    expect(requestSubscribeMessage.mock.calls[0][0]).toMatchObject({ tmplIds: ['t1', 't2', 't3'] })
  })

  it('never rejects: a failure or nothing to ask is no consent', async () => {
    requestSubscribeMessage.mockRejectedValue({ errMsg: 'requestSubscribeMessage:fail can only be invoked by user TAP gesture.', errCode: 20004 })
    expect(await requestSubscribe(['t1'])).toEqual([])
    expect(await requestSubscribe([])).toEqual([])
    expect(requestSubscribeMessage).toHaveBeenCalledTimes(1)
  })
})
