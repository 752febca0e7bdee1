/**
 * 电子书屋: the names of categories, statuses and reader settings, without zod, so pages can show
 * them (the mini-program bundle must not pull zod in). src/shared/api/library-common.ts re-exports
 * them for the contract.
 */

export const bookCategoryNames = {
  classics: '经典国学',
  poetry: '诗词曲赋',
  literature: '文学小说',
  history: '历史传记',
  skills: '职场技能',
  law: '法律法规',
  health: '健康生活',
  other: '其他',
} as const
export type BookCategory = keyof typeof bookCategoryNames
export const bookCategories = Object.keys(bookCategoryNames) as BookCategory[]

export const bookStatusNames = { draft: '未上架', published: '已上架', unpublished: '已下架' } as const
export type BookStatus = keyof typeof bookStatusNames

export const importStatusNames = { queued: '排队中', running: '导入中', done: '已完成', failed: '失败', duplicate: '已导入过' } as const
export type ImportStatus = keyof typeof importStatusNames

/** 小, 标准, 大, 特大: large-text mode opens the reader at 大. */
export const fontSizeNames = { 1: '小', 2: '标准', 3: '大', 4: '特大' } as const
export type ReaderFontSize = 1 | 2 | 3 | 4
export const lineSpacingNames = { compact: '紧凑', normal: '标准', loose: '宽松' } as const
export type LineSpacing = keyof typeof lineSpacingNames
export const readerThemeNames = { day: '日间', night: '夜间', eye_care: '护眼' } as const
export type ReaderTheme = keyof typeof readerThemeNames

export const annotationKindNames = { bookmark: '书签', highlight: '划线' } as const
export type AnnotationKind = keyof typeof annotationKindNames

export const campaignGoalNames = { minutes: '阅读时长', books: '读完书数' } as const
export type CampaignGoalKind = keyof typeof campaignGoalNames
export const campaignStatusNames = { draft: '未发布', published: '已发布', cancelled: '已取消' } as const
export type CampaignStatus = keyof typeof campaignStatusNames

/** Limits members and librarians see in forms; the contract checks the same numbers. */
export const libraryLimits = {
  noteMaxLength: 500,
  quoteMaxLength: 1000,
  tagMaxLength: 12,
  tagsPerBook: 10,
  listTitleMaxLength: 40,
  campaignTitleMaxLength: 40,
  campaignRewardMax: 500,
} as const
