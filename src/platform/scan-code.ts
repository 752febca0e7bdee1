// Taro resolves `./scan-code` to scan-code.weapp.ts or scan-code.h5.ts; this declaration is for tsc.
/** Whether the phone's camera can scan a QR code here: in WeChat, yes; in a browser, the code is typed instead. */
export declare const canScanCode: boolean
/** Scans a QR code with the camera and gives its text, or null when the user closed the scanner. */
export declare function scanCode(): Promise<string | null>
