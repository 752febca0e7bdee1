// Taro resolves `./subscribe` to subscribe.weapp.ts or subscribe.h5.ts; this declaration is for tsc.
/** Whether this platform has WeChat's subscribe-message consent dialog at all. */
export declare const subscribeAvailable: boolean
/**
 * Shows WeChat's consent dialog for up to 3 templates and resolves to the ones the user accepted:
 * none on a decline, on any failure, or where there is no such dialog. Never rejects. Call it
 * synchronously in a tap handler, before any await: WeChat refuses a request made later.
 */
export declare function requestSubscribe(templateIds: readonly string[]): Promise<string[]>
