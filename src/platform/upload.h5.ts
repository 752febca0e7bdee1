import { ApiCallError, networkError } from '../api/errors'
import { isApiResult } from '../api/transport-common'
import type { StoredFile, UploadTicket } from '../shared/api'
import type { LocalFile } from './choose-file'
import type { UploadTask } from './upload'

// Time to send the bytes on a slow mobile link and for the host to re-encode them.
const uploadTimeoutMs = 5 * 60_000

function misconfigured(): ApiCallError {
  return new ApiCallError('SERVICE_MISCONFIGURED', '服务部署配置有误（浏览器版只能上传到自建服务），请联系管理员')
}

/**
 * The host's upload protocol (src/shared/api/file.ts, UploadTarget): the raw bytes as the body of
 * one POST, the ticket in a header. XMLHttpRequest, not fetch, because only it reports upload progress.
 */
export function sendFile(file: LocalFile, ticket: UploadTicket, onProgress: (sent: number) => void): UploadTask {
  const xhr = new XMLHttpRequest()
  const done = new Promise<StoredFile>((resolve, reject) => {
    const target = ticket.upload
    if (target.via !== 'host' || !file.blob) {
      reject(misconfigured())
      return
    }
    xhr.open('POST', target.url)
    xhr.setRequestHeader('x-upload-ticket', ticket.ticket)
    xhr.setRequestHeader('content-type', 'application/octet-stream')
    xhr.timeout = uploadTimeoutMs
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total)
    }
    xhr.onload = () => {
      let body: unknown
      try {
        body = JSON.parse(xhr.responseText)
      } catch {
        reject(networkError())
        return
      }
      if (!isApiResult(body)) reject(networkError())
      else if (body.ok) resolve(body.data as StoredFile)
      else reject(new ApiCallError(body.error.code, body.error.message))
    }
    xhr.onerror = () => reject(networkError())
    xhr.ontimeout = () => reject(networkError())
    xhr.onabort = () => reject(networkError())
    xhr.send(file.blob)
  })
  return { done, abort: () => xhr.abort() }
}
