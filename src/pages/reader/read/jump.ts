/**
 * A place picked on the notes page for the reader below it in the stack: the notes page sets it
 * and goes back; the reader takes it when it shows again. Both pages are in the reader package.
 */
interface Jump {
  bookId: number
  chapterOrd: number
  offset: number
}

let pending: Jump | null = null

export function setJump(jump: Jump): void {
  pending = jump
}

export function takeJump(bookId: number): Jump | null {
  const jump = pending
  pending = null
  return jump && jump.bookId === bookId ? jump : null
}
