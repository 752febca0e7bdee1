// Taro resolves `./open-document` to open-document.weapp.ts or open-document.h5.ts; this declaration is for tsc.
/**
 * Shows a document (PDF, or an Excel export) from a (signed, short-lived) URL: WeChat's document
 * viewer, or the browser (a new tab, a download). `keep`: the user's own file to save or send on
 * (an export, a certificate), so WeChat's viewer offers its menu; a case's documents are only shown.
 */
export declare function openDocument(url: string, fileType?: 'pdf' | 'xlsx', options?: { keep?: boolean }): Promise<void>
