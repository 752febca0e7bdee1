import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useRef } from 'react'
import { forgetFile } from '../../platform/choose-file'
import type { FilePurpose } from '../../shared/api'
import { filePurposes } from '../../shared/file-purposes'
import { cx } from '../../utils/cx'
import type { LocalFile } from '../../utils/upload-file'
import { AttemptTile } from '../image-upload/attempt-tile'
import { useUploadAttempts } from '../image-upload/use-upload-attempts'
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
  /** The tile's type mark (PDF, EPUB), or null for an image, which shows itself. */
  mark: string | null
  local: LocalFile
}

const marks: Record<string, string> = { 'application/pdf': 'PDF', 'application/epub+zip': 'EPUB' }
const markOf = (type: string): string | null => marks[type] ?? null

interface DocumentUploadProps {
  purpose: FilePurpose
  value: UploadedDocument[]
  onChange: (documents: UploadedDocument[]) => void
  max: number
  /** True while a file is on its way: the form should not submit until it has arrived. */
  onBusyChange?: (busy: boolean) => void
  className?: string
}

/**
 * Tiles for private documents, images or PDFs (a sibling of ImageUpload, which shows public
 * files by their URL): each shows its preview or the PDF's name, the upload's progress, or why it
 * failed with 重试; ✕ removes one. Local previews are released when the form goes.
 */
export function DocumentUpload({ purpose, value, onChange, max, onBusyChange, className }: DocumentUploadProps) {
  const latest = useRef({ value, onChange })
  latest.current = { value, onChange }
  // Private files have no URL to show: the tile keeps the device's copy, released when the form goes.
  const { attempts, choose, retry, drop } = useUploadAttempts(
    purpose,
    (stored, file) => {
      const { value: now, onChange: change } = latest.current
      change([...now, { fileId: stored.id, name: stored.name, mark: markOf(stored.type), local: file }].slice(0, max))
    },
    onBusyChange,
  )
  useEffect(() => () => latest.current.value.forEach((d) => forgetFile(d.local)), [])

  const room = max - value.length - attempts.length
  const addLabel = (filePurposes[purpose].types as readonly string[]).includes('application/epub+zip') ? 'EPUB' : '图片或 PDF'
  const add = () => choose(room)

  const remove = (doc: UploadedDocument) => {
    forgetFile(doc.local)
    onChange(value.filter((d) => d.fileId !== doc.fileId))
  }

  const preview = (doc: UploadedDocument) => {
    const images = value.filter((d) => !d.mark).map((d) => d.local.path)
    if (!doc.mark) void Taro.previewImage({ urls: images, current: doc.local.path })
  }

  return (
    <View className={cx('image-upload', 'document-upload', className)}>
      {value.map((doc) => (
        <View key={doc.fileId} className='image-upload__tile image-upload__tile--done'>
          {doc.mark ? (
            <View className='document-upload__pdf'>
              <Text className='document-upload__pdf-mark'>{doc.mark}</Text>
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
        <AttemptTile
          key={a.key}
          attempt={a}
          preview={
            markOf(a.file.type) ? (
              <View className='document-upload__pdf'>
                <Text className='document-upload__pdf-mark'>{markOf(a.file.type)}</Text>
              </View>
            ) : undefined
          }
          onRetry={() => retry(a)}
          onDrop={() => drop(a)}
        />
      ))}
      {room > 0 && (
        <View className='image-upload__tile image-upload__add' onClick={() => void add()}>
          <Text className='image-upload__plus'>+</Text>
          <Text className='image-upload__add-label'>{`${addLabel} ${value.length}/${max}`}</Text>
        </View>
      )}
    </View>
  )
}
