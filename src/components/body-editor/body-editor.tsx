import type { ComponentType } from 'react'
import type { FilePurpose, StoredFile } from '../../shared/api'

/** Public image purposes a rich-text body takes its pictures from. */
export type BodyImagePurpose = Extract<FilePurpose, 'notice_image' | 'course_image'>

export interface BodyEditorProps {
  /** The body when the editor opens; later edits are the editor's own and come back through onChange. */
  initialHtml: string
  onChange: (html: string) => void
  /** An image uploaded through the 图片 tool and put into the body: the save attaches it. */
  onImageUploaded: (file: StoredFile) => void
  /** What the 图片 tool uploads as (a notice's or a course article's images). */
  imagePurpose: BodyImagePurpose
}

// Taro resolves `./body-editor` to body-editor.weapp.tsx (WeChat's native editor) or
// body-editor.h5.tsx (a contenteditable editor); this declaration is for tsc. It keeps the .tsx
// extension of the platform files: Taro would settle on a .ts fallback first.
export declare const BodyEditor: ComponentType<BodyEditorProps>
