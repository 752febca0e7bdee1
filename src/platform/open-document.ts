// Taro resolves `./open-document` to open-document.weapp.ts or open-document.h5.ts; this declaration is for tsc.
/** Shows a PDF from a (signed, short-lived) URL: WeChat's document viewer, or a new browser tab. */
export declare function openDocument(url: string): Promise<void>
