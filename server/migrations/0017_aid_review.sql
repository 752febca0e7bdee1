-- 医疗互助 review (issue 9 §5): the aid_admins' 待支付 list and its 工作台 count read the approved
-- claims waiting for their transfer, a handful among the paid ones, in submission order.
CREATE INDEX aid_claim_to_pay_idx ON aid_claim (submitted_at, id) WHERE status = 'approved';
