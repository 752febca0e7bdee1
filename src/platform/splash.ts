// Taro resolves `./splash` to splash.weapp.ts or splash.h5.ts; this declaration is for tsc.
/** Removes the H5 start-up splash of src/index.html once a page has rendered; WeChat draws its own. */
export declare function hideSplash(): void
