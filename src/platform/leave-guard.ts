// Taro resolves `./leave-guard` to leave-guard.weapp.ts or leave-guard.h5.ts; this declaration is for tsc.
/**
 * Guards a page with unsaved changes. `message` (or null to lift the guard) is what the user is
 * asked before leaving. WeChat asks by itself on its native back button; the H5 build asks on
 * reload or tab close, and every in-app control that leaves a page calls `confirmLeave` first.
 */
export declare function setLeaveGuard(message: string | null): void
/** Asks the user when a guard is set; resolves true when leaving may go ahead (and lifts the guard). */
export declare function confirmLeave(): Promise<boolean>
