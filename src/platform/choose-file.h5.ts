import type { ChooseOptions, LocalFile } from './choose-file'
import { fileNameOf, mimeTypeOf } from '../utils/local-files'

const acceptOf: Record<ChooseOptions['accept'], string> = {
  image: 'image/jpeg,image/png,image/webp',
  document: 'image/jpeg,image/png,image/webp,application/pdf',
  sheet: '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  book: '.epub,application/epub+zip',
  video: '.mp4,video/mp4',
}

// One chooser at a time: a second tap drops the first (it answers "nothing chosen").
let pending: { input: HTMLInputElement; settle: (files: LocalFile[]) => void } | null = null

function close(files: LocalFile[]): void {
  if (!pending) return
  const { input, settle } = pending
  pending = null
  input.remove()
  settle(files)
}

/**
 * A hidden file input in the page (class `choose-file__input`, so tests can hand it files), opened
 * with a click inside the user's tap. Browsers fire `cancel` when the dialog closes with nothing.
 */
export function chooseFiles({ accept, count }: ChooseOptions): Promise<LocalFile[]> {
  close([])
  const input = document.createElement('input')
  input.type = 'file'
  input.accept = acceptOf[accept]
  input.multiple = count > 1
  input.className = 'choose-file__input'
  input.style.display = 'none'
  document.body.appendChild(input)
  return new Promise((resolve) => {
    pending = { input, settle: resolve }
    input.addEventListener('change', () => {
      const chosen = Array.from(input.files ?? []).slice(0, count)
      // Browsers name a CSV's type as they please (application/vnd.ms-excel on Windows, or nothing),
      // and many know no EPUB type: sheets, books and videos go by their extension.
      const typeOf = (file: File) => (accept === 'sheet' || accept === 'book' || accept === 'video' ? mimeTypeOf(file.name) : file.type)
      close(chosen.map((file) => ({ path: URL.createObjectURL(file), blob: file, name: fileNameOf(file.name), size: file.size, type: typeOf(file) })))
    })
    input.addEventListener('cancel', () => close([]))
    input.click()
  })
}

export function forgetFile(file: LocalFile): void {
  if (file.path.startsWith('blob:')) URL.revokeObjectURL(file.path)
}
