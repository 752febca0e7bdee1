import Taro from '@tarojs/taro'
import { cloudCallError, malformedAnswerError } from './errors'
import { isApiResult } from './transport-common'
import type { Transport } from './transport-common'

/** WeChat cloud functions: the platform attaches the caller's openid, no token needed. */
export const transport: Transport = async (functionName, action, input) => {
  let result: unknown
  try {
    const response = await Taro.cloud.callFunction({ name: functionName, data: { action, input } })
    result = response.result
  } catch (failure) {
    throw cloudCallError(failure)
  }
  if (!isApiResult(result)) throw malformedAnswerError()
  return result
}
