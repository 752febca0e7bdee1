import Taro from '@tarojs/taro'
import { api } from '../api'
import { ApiCallError, cloudCallError } from '../api/errors'
import type { UploadTicket } from '../shared/api'
import type { LocalFile } from './choose-file'
import type { UploadTask } from './upload'

/**
 * WeChat cloud storage first (`Taro.cloud.uploadFile` to the ticket's cloudPath), then the file
 * function checks and processes what arrived there (file.confirmUpload) and answers the stored file.
 */
export function sendFile(file: LocalFile, ticket: UploadTicket, onProgress: (sent: number) => void): UploadTask {
  let task: Taro.UploadTask | null = null
  let aborted = false
  const uploaded = new Promise<string>((resolve, reject) => {
    const target = ticket.upload
    if (target.via !== 'cloud') {
      reject(new ApiCallError('SERVICE_MISCONFIGURED', '服务部署配置有误（小程序只能上传到云存储），请联系管理员'))
      return
    }
    task = Taro.cloud.uploadFile({
      cloudPath: target.cloudPath,
      filePath: file.path,
      success: (res) => resolve(res.fileID),
      fail: (failure) => reject(cloudCallError(failure)),
    })
    task.onProgressUpdate((res) => onProgress(res.progress / 100))
  })
  const done = uploaded.then((cloudFileId) => {
    if (aborted) throw cloudCallError(null)
    return api.file.confirmUpload({ ticket: ticket.ticket, cloudFileId })
  })
  return {
    done,
    abort: () => {
      aborted = true
      task?.abort()
    },
  }
}
