// The ledger kinds' names (lib/ledger-kinds.ts), in English: the source of the keys (the zh file must match them).
const en = {
  kind_purchase: 'Purchase',
  kind_spend: 'Spend',
  kind_refund: 'Refund',
  kind_dispute: 'Dispute',
  kind_dispute_reversal: 'Dispute won',
  kind_adjustment: 'Adjustment',
  kind_subscription: 'Subscription',
  kind_grant: 'Grant',
  kind_hold: 'Hold',
  kind_capture: 'Hold settled',
  kind_hold_expired: 'Hold expired',
  kind_release: 'Hold released',
  kind_expire: 'Expired',
  kind_unknown: 'Other',
};

export default en;
