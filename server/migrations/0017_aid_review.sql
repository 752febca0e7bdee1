-- 医疗互助 review (issue 9 §5). The reviewers' queue and the aid_admins' 待支付 list pick their page
-- from these covering indexes alone: an index-only scan over the few open (or approved, unpaid)
-- claims in submission order, the scope and holder filters evaluated on the index entries, with no
-- heap visit for the rows filtered out. The full rows are read for the page only.
CREATE INDEX aid_claim_queue_idx ON aid_claim (submitted_at, id) INCLUDE (status, branch_path, user_id, reviewer_id, second_reviewer_id)
  WHERE status IN ('submitted', 'in_review', 'need_more', 'second_review');
CREATE INDEX aid_claim_to_pay_idx ON aid_claim (submitted_at, id) INCLUDE (branch_path, user_id, approved_fen)
  WHERE status = 'approved';
