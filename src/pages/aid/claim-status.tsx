import { Text } from '@tarojs/components'
import { claimStatuses } from '../../shared/aid/claim-types'
import type { ClaimStatus } from '../../shared/aid/claim-types'
import './claim-status.scss'

/** A claim's status as a coloured tag; `aid-claim-status--<status>` is stable for tests. */
export function ClaimStatusTag({ status }: { status: ClaimStatus }) {
  return <Text className={`aid-claim-status aid-claim-status--${status}`}>{claimStatuses[status]}</Text>
}
