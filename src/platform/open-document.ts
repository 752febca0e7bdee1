// Taro resolves `./open-document` to open-document.weapp.ts or open-document.h5.ts; this declaration is for tsc.
/** Shows a document (PDF, or an Excel export) from a (signed, short-lived) URL: WeChat's document viewer, or the browser (a new tab, a download). */
export declare function openDocument(url: string, fileType?: 'pdf' | 'xlsx'): Promise<void>
