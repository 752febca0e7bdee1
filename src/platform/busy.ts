// Taro resolves `./busy` to busy.weapp.ts or busy.h5.ts; this declaration is for tsc.
/** 加载中 over the whole screen (taps held) while a page is on its way. */
export declare function showBusy(): void
export declare function hideBusy(): void
/** A short note that something failed, e.g. a page that could not be opened. */
export declare function showFailure(message: string): void
