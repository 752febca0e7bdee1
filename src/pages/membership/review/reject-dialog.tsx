import { PromptDialog } from '../../../components/prompt-dialog'
import type { ApplicationForReview } from '../../../shared/api'

interface RejectDialogProps {
  application: ApplicationForReview | null
  onCancel: () => void
  /** A rejected promise keeps the dialog open with the typed reason, e.g. when the server refuses. */
  onReject: (application: ApplicationForReview, reason: string) => Promise<void>
}

export function RejectDialog({ application, onCancel, onReject }: RejectDialogProps) {
  return (
    <PromptDialog
      className='reject-dialog'
      visible={application !== null}
      title='驳回入会申请'
      subject={application ? `${application.name}（${application.branch.name}）` : undefined}
      label='驳回原因'
      multiline
      maxLength={200}
      placeholder='请写明原因，申请人可据此修改后重新提交'
      confirmText='确认驳回'
      validate={(reason) => (reason.length < 2 ? '请填写驳回原因（2–200 字）' : null)}
      onSubmit={async (reason) => {
        if (application) await onReject(application, reason)
      }}
      onClose={onCancel}
    />
  )
}
