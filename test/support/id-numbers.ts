import { idCheckChar } from '../../src/shared/id-number'

/** A valid ID number from its first 17 characters: the GB 11643 check character appended. */
export const withCheck = (first17: string): string => first17 + idCheckChar(first17)
