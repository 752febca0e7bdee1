import type { ComponentType } from 'react'

// Taro resolves `./session-actions` to session-actions.h5.tsx (demo login: 退出登录, 切换账号) or
// session-actions.weapp.tsx (nothing: WeChat knows the user by openid, there is no other account
// to switch to); this declaration is for tsc and keeps the .tsx extension of the platform files.
export declare const SessionActions: ComponentType
