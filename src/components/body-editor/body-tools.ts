export const maxBodyLength = 40_000

/** The formats both editors offer; each maps to a tag the server keeps (src/shared/rich-text-tags.ts). */
export const bodyTools = [
  { key: 'bold', label: '加粗' },
  { key: 'italic', label: '斜体' },
  { key: 'heading', label: '小标题' },
  { key: 'list', label: '列表' },
] as const

export type BodyTool = (typeof bodyTools)[number]['key']

/** Uploads a photo into the body at the caret (use-body-image.ts). */
export const bodyImageTool = '图片'

export const bodyPlaceholder = '在此输入正文。选中文字后点上方按钮可加粗、设为小标题或列表；不选文字时，格式从光标处开始。'
