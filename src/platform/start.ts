// Taro resolves `./start` to start.weapp.ts or start.h5.ts; this declaration is for tsc.
/** Platform set-up that must run once when the app launches. */
export declare function startPlatform(): void
