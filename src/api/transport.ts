import type { Transport } from './transport-common'

// Taro resolves `./transport` to transport.weapp.ts or transport.h5.ts at build time;
// this declaration only gives tsc the shape both platform files implement.
export declare const transport: Transport
