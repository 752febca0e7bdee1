// Taro resolves `./choose-file` to choose-file.weapp.ts or choose-file.h5.ts; this declaration is for tsc.

/** A file chosen on this device, not yet uploaded. */
export interface LocalFile {
  /** What an <Image> can show before the upload: WeChat's temporary path, or a blob: URL in the browser. */
  path: string
  /** The browser's bytes; WeChat reads the file from `path` instead. */
  blob: Blob | null
  name: string
  /** Bytes. */
  size: number
  /** The MIME type as the device tells it; the server checks the real type by the bytes. */
  type: string
}

export interface ChooseOptions {
  /**
   * `document`: images or a PDF (in WeChat, a PDF comes from a chat: chooseMessageFile);
   * `sheet`: a CSV or xlsx file (in WeChat, from a chat); `book`: an EPUB file (in WeChat, from a chat);
   * `video`: an MP4 video (in WeChat, from the album or camera).
   */
  accept: 'image' | 'document' | 'sheet' | 'book' | 'video'
  /** How many files at most (1–9). */
  count: number
}

/** Asks the user for files; resolves to none when they cancel. */
export declare function chooseFiles(options: ChooseOptions): Promise<LocalFile[]>

/** Releases what `path` holds on to (a blob: URL in the browser) once the file is no longer shown. */
export declare function forgetFile(file: LocalFile): void
