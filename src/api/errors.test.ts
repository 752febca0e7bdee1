import { describe, expect, it } from 'vitest'
import { ApiCallError, cloudCallError } from './errors'

describe('cloudCallError: a deployment fault reads differently from a network fault', () => {
  it('names WeChat’s code when the environment is missing', () => {
    const error = cloudCallError({ errCode: -501000, errMsg: 'cloud.callFunction:fail requestID , cloud function service error code -501000' })
    expect(error).toBeInstanceOf(ApiCallError)
    expect([error.code, error.platformCode]).toEqual(['CLOUD', -501000])
    expect(error.message).toBe('服务暂不可用（微信错误码 -501000：云开发环境不存在或未与小程序关联），请联系管理员')
  })

  it('reads the code nested in errMsg, as a missing function reports it', () => {
    const error = cloudCallError({ errCode: -404011, errMsg: 'cloud.callFunction:fail Error: errCode: -504002 functions execute fail | errMsg: FunctionName parameter could not be found' })
    expect([error.code, error.platformCode]).toEqual(['CLOUD', -504002])
    expect(error.message).toContain('云函数未部署或执行失败')
  })

  it('keeps unknown platform codes, and calls transport failures a network fault', () => {
    expect(cloudCallError({ errCode: -501003, errMsg: 'exceed request limit' })).toMatchObject({ code: 'CLOUD', platformCode: -501003 })
    expect(cloudCallError({ errCode: -1, errMsg: 'cloud.callFunction:fail request:fail timeout' })).toMatchObject({ code: 'NETWORK', message: '网络异常，请检查网络后重试' })
    expect(cloudCallError(new Error('offline'))).toMatchObject({ code: 'NETWORK' })
    expect(cloudCallError(undefined)).toMatchObject({ code: 'NETWORK' })
  })
})
