import { Text, Textarea, View } from '@tarojs/components'
import { useRef } from 'react'
import { NoticeBody } from '../notice-body'

const snippets = [
  { key: 'bold', label: '加粗', html: '<strong>加粗文字</strong>' },
  { key: 'heading', label: '小标题', html: '\n<h3>小标题</h3>\n' },
  { key: 'list', label: '列表', html: '\n<ul>\n<li>第一项</li>\n<li>第二项</li>\n</ul>\n' },
  { key: 'paragraph', label: '段落', html: '\n<p>段落内容</p>\n' },
] as const

export const maxBodyLength = 40_000

interface BodyEditorProps {
  value: string
  onChange: (html: string) => void
}

/**
 * Plain HTML source with buttons that insert the tags the server keeps, and a live preview
 * rendered the way members will see it.
 */
export function BodyEditor({ value, onChange }: BodyEditorProps) {
  // Where the caret was when the user last typed; the toolbar inserts there.
  const caret = useRef<number | null>(null)

  const insert = (html: string) => {
    const at = caret.current !== null && caret.current <= value.length ? caret.current : value.length
    onChange(value.slice(0, at) + html + value.slice(at))
    caret.current = at + html.length
  }

  return (
    <View className='body-editor'>
      <View className='body-editor__toolbar'>
        {snippets.map((s) => (
          <Text key={s.key} className={`body-editor__tool body-editor__tool--${s.key}`} onClick={() => insert(s.html)}>
            {s.label}
          </Text>
        ))}
      </View>
      <Textarea
        className='form-field__textarea body-editor__source'
        value={value}
        maxlength={maxBodyLength}
        placeholder='在此输入正文。可用上方按钮插入加粗、小标题、列表和段落格式。'
        onInput={(e) => {
          caret.current = e.detail.cursor
          onChange(e.detail.value)
        }}
        onBlur={(e) => {
          // WeChat reports the caret on blur (it may have moved without typing); H5 does not.
          if (typeof e.detail.cursor === 'number') caret.current = e.detail.cursor
        }}
      />
      <Text className='body-editor__preview-label'>预览</Text>
      <View className='body-editor__preview'>
        {value.trim() ? <NoticeBody html={value} /> : <Text className='body-editor__preview-empty'>正文预览将显示在这里</Text>}
      </View>
    </View>
  )
}
