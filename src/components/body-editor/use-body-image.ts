import Taro from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { errorText } from '../../api'
import { forgetFile } from '../../platform/choose-file'
import type { StoredFile } from '../../shared/api'
import type { BodyImagePurpose } from './body-editor'
import { chooseForUpload, startUpload } from '../../utils/upload-file'
import type { LocalFile, Upload } from '../../utils/upload-file'

/**
 * The editors' 图片 tool: choose one photo, compress and upload it (as `purpose`), then
 * hand its public URL to `insert`. While it runs the tool reads 上传中 42%; a failure asks 重试
 * (a new ticket) or 取消.
 */
export function useBodyImage(purpose: BodyImagePurpose, insert: (url: string) => void, onUploaded: (file: StoredFile) => void) {
  const [label, setLabel] = useState<string | null>(null)
  const running = useRef<Upload | null>(null)

  useEffect(() => () => running.current?.cancel(), [])

  const send = async (file: LocalFile): Promise<void> => {
    setLabel('上传中 0%')
    const upload = startUpload(purpose, file, (sent) => setLabel(sent < 1 ? `上传中 ${Math.floor(sent * 100)}%` : '处理中…'))
    running.current = upload
    try {
      const stored = await upload.done
      if (stored.url) {
        onUploaded(stored)
        insert(stored.url)
      }
      forgetFile(file)
      setLabel(null)
    } catch (error) {
      if (running.current !== upload) return
      setLabel(null)
      const { confirm } = await Taro.showModal({ title: '图片上传失败', content: errorText(error), confirmText: '重试', cancelText: '取消' })
      if (confirm) return send(file)
      forgetFile(file)
    } finally {
      if (running.current === upload) running.current = null
    }
  }

  const pick = async () => {
    if (label !== null) return
    try {
      const [file] = await chooseForUpload(purpose, 1)
      if (file) await send(file)
    } catch (error) {
      void Taro.showToast({ title: errorText(error), icon: 'none' })
    }
  }

  return { label, pick }
}
