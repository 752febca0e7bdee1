import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { errorText } from '../../api'
import { forgetFile } from '../../platform/choose-file'
import type { FilePurpose } from '../../shared/api'
import { cx } from '../../utils/cx'
import { chooseForUpload, startUpload } from '../../utils/upload-file'
import type { LocalFile, Upload } from '../../utils/upload-file'
// The tiles are ImageUpload's; only the PDF tile is this component's own.
import '../image-upload/index.scss'
import './index.scss'

/**
 * A private document the member uploaded in this form: private files have no public URL, so the
 * tile keeps showing the picture from the device until the form goes.
 */
export interface UploadedDocument {
  fileId: number
  name: string
  isPdf: boolean
  local: LocalFile
}

interface Attempt {
  key: number
  file: LocalFile
  sent: number
  error: string | null
  upload: Upload | null
}

interface DocumentUploadProps {
  purpose: FilePurpose
  value: UploadedDocument[]
  onChange: (documents: UploadedDocument[]) => void
  max: number
  /** True while a file is on its way: the form should not submit until it has arrived. */
  onBusyChange?: (busy: boolean) => void
  className?: string
}

let nextKey = 1

/**
 * Tiles for private documents, images or PDFs (a sibling of ImageUpload, which shows public
 * files by their URL): each shows its preview or the PDF's name, the upload's progress, or why it
 * failed with 重试; ✕ removes one. Local previews are released when the form goes.
 */
export function DocumentUpload({ purpose, value, onChange, max, onBusyChange, className }: DocumentUploadProps) {
  const [attempts, setAttempts] = useState<Attempt[]>([])
  const latest = useRef({ value, onChange })
  latest.current = { value, onChange }
  const mounted = useRef(true)

  const busy = attempts.some((a) => a.error === null)
  useEffect(() => {
    onBusyChange?.(busy)
  }, [busy])

  const current = useRef({ attempts, value })
  current.current = { attempts, value }
  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
      current.current.attempts.forEach((a) => {
        a.upload?.cancel()
        forgetFile(a.file)
      })
      current.current.value.forEach((d) => forgetFile(d.local))
    }
  }, [])

  const patch = (key: number, change: Partial<Attempt>) => {
    if (mounted.current) setAttempts((all) => all.map((a) => (a.key === key ? { ...a, ...change } : a)))
  }

  const send = (key: number, file: LocalFile) => {
    const upload = startUpload(purpose, file, (sent) => patch(key, { sent }))
    patch(key, { upload, sent: 0, error: null })
    upload.done.then(
      (stored) => {
        if (!mounted.current) return
        setAttempts((all) => all.filter((a) => a.key !== key))
        const { value: now, onChange: change } = latest.current
        change([...now, { fileId: stored.id, name: stored.name, isPdf: stored.type === 'application/pdf', local: file }].slice(0, max))
      },
      (error: unknown) => patch(key, { error: errorText(error), upload: null }),
    )
  }

  const room = max - value.length - attempts.length

  const add = async () => {
    if (room <= 0) return
    let files: LocalFile[]
    try {
      files = await chooseForUpload(purpose, room)
    } catch (error) {
      void Taro.showToast({ title: errorText(error), icon: 'none' })
      return
    }
    if (files.length === 0) return
    const started = files.map((file) => ({ key: nextKey++, file, sent: 0, error: null, upload: null }))
    setAttempts((all) => [...all, ...started])
    started.forEach((a) => send(a.key, a.file))
  }

  const drop = (attempt: Attempt) => {
    attempt.upload?.cancel()
    forgetFile(attempt.file)
    setAttempts((all) => all.filter((a) => a.key !== attempt.key))
  }

  const remove = (doc: UploadedDocument) => {
    forgetFile(doc.local)
    onChange(value.filter((d) => d.fileId !== doc.fileId))
  }

  const preview = (doc: UploadedDocument) => {
    const images = value.filter((d) => !d.isPdf).map((d) => d.local.path)
    if (!doc.isPdf) void Taro.previewImage({ urls: images, current: doc.local.path })
  }

  return (
    <View className={cx('image-upload', 'document-upload', className)}>
      {value.map((doc) => (
        <View key={doc.fileId} className='image-upload__tile image-upload__tile--done'>
          {doc.isPdf ? (
            <View className='document-upload__pdf'>
              <Text className='document-upload__pdf-mark'>PDF</Text>
              <Text className='document-upload__pdf-name'>{doc.name}</Text>
            </View>
          ) : (
            <Image className='image-upload__image' src={doc.local.path} mode='aspectFill' onClick={() => preview(doc)} />
          )}
          <View className='image-upload__remove' ariaLabel={`删除 ${doc.name}`} onClick={() => remove(doc)}>
            ✕
          </View>
        </View>
      ))}
      {attempts.map((a) => (
        <View key={a.key} className={cx('image-upload__tile', a.error ? 'image-upload__tile--failed' : 'image-upload__tile--sending')}>
          {a.file.type === 'application/pdf' ? (
            <View className='document-upload__pdf'>
              <Text className='document-upload__pdf-mark'>PDF</Text>
            </View>
          ) : (
            <Image className='image-upload__image' src={a.file.path} mode='aspectFill' />
          )}
          <View className='image-upload__cover' role='status'>
            {a.error ? (
              <>
                <Text className='image-upload__error'>{a.error}</Text>
                <Text className='image-upload__retry' onClick={() => send(a.key, a.file)}>
                  重试
                </Text>
              </>
            ) : (
              <Text className='image-upload__progress'>{a.sent < 1 ? `上传中 ${Math.floor(a.sent * 100)}%` : '处理中…'}</Text>
            )}
          </View>
          <View className='image-upload__remove' ariaLabel='取消上传' onClick={() => drop(a)}>
            ✕
          </View>
        </View>
      ))}
      {room > 0 && (
        <View className='image-upload__tile image-upload__add' onClick={() => void add()}>
          <Text className='image-upload__plus'>+</Text>
          <Text className='image-upload__add-label'>{`图片或 PDF ${value.length}/${max}`}</Text>
        </View>
      )}
    </View>
  )
}
