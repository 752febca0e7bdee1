// Taro resolves `./compress-image` to compress-image.weapp.ts or compress-image.h5.ts; this declaration is for tsc.
import type { LocalFile } from './choose-file'

/**
 * A smaller copy of a photo to send (JPEG, as `photoCompression` in src/utils/local-files.ts says), or the
 * file itself when it is not a photo (a PDF), already small, or would not get smaller. Never fails:
 * the server re-encodes every image anyway, so a photo that cannot be compressed here goes as it is.
 */
export declare function compressImage(file: LocalFile): Promise<LocalFile>
