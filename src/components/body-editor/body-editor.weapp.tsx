import { Editor, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useRef, useState } from 'react'
import type { BodyEditorProps } from './body-editor'
import { bodyImageTool, bodyPlaceholder, bodyTools } from './body-tools'
import { useBodyImage } from './use-body-image'
import type { BodyTool } from './body-tools'
import './body-editor.scss'

const editorId = 'body-editor'

/** The tools as WeChat editor formats: each applies to the selection, or from the caret on. */
const formats: Record<BodyTool, { name: string; value?: string }> = {
  bold: { name: 'bold' },
  italic: { name: 'italic' },
  heading: { name: 'header', value: 'H3' },
  list: { name: 'list', value: 'bullet' },
}

// The editor reports its active formats by these names after every caret move.
const activeWhen: Record<BodyTool, (status: Record<string, unknown>) => boolean> = {
  bold: (s) => Boolean(s.bold),
  italic: (s) => Boolean(s.italic),
  heading: (s) => s.header === 3,
  list: (s) => s.list === 'bullet',
}

/** WeChat's native rich-text editor: formats are applied by the editor itself, at the selection. */
export function BodyEditor({ initialHtml, onChange, onImageUploaded, imagePurpose }: BodyEditorProps) {
  const context = useRef<Taro.EditorContext | null>(null)
  const [status, setStatus] = useState<Record<string, unknown>>({})
  // Only what the user does counts as a change: setContents on ready must not mark the draft edited.
  const touched = useRef(false)

  const ready = () => {
    Taro.createSelectorQuery()
      .select(`#${editorId}`)
      .context((res) => {
        // NodesRef.context answers an untyped object; for an <editor> node it is its EditorContext.
        const editor = res.context as Taro.EditorContext
        context.current = editor
        if (initialHtml) editor.setContents({ html: initialHtml })
      })
      .exec()
  }

  const apply = (tool: BodyTool) => {
    const { name, value } = formats[tool]
    context.current?.format(name, value)
  }

  // The editor takes cloud file IDs and https URLs alike; it reports the change through onInput.
  const image = useBodyImage(imagePurpose, (src) => {
    touched.current = true
    context.current?.insertImage({ src, alt: '图片', success: read })
  }, onImageUploaded)

  const read = () => {
    if (!touched.current) return
    // getContents gives the editor's own HTML (<p>, <strong>, <h3>, <ul>/<ol>); the server keeps the safe subset of it.
    context.current?.getContents({
      // Taro types the answer as a bare callback result; WeChat's carries html, text and delta.
      success: (res) => {
        if ('html' in res && typeof res.html === 'string') onChange(res.html)
      },
    })
  }

  return (
    <View className='body-editor'>
      <View className='body-editor__toolbar'>
        {bodyTools.map((tool) => (
          <Text
            key={tool.key}
            className={`body-editor__tool body-editor__tool--${tool.key}${activeWhen[tool.key](status) ? ' body-editor__tool--active' : ''}`}
            onClick={() => apply(tool.key)}
          >
            {tool.label}
          </Text>
        ))}
        <Text className='body-editor__tool body-editor__tool--image' onClick={() => void image.pick()}>
          {image.label ?? bodyImageTool}
        </Text>
      </View>
      <View className='body-editor__frame'>
        <Editor
          id={editorId}
          className='body-editor__area'
          placeholder={bodyPlaceholder}
          onReady={ready}
          onFocus={() => {
            touched.current = true
          }}
          onInput={read}
          onStatusChange={(e) => setStatus(e.detail)}
        />
      </View>
    </View>
  )
}
