// The cancel page's own words, in English: the source of the keys (the zh file must match them).
const en = {
  cancel_checking: 'Checking this checkout…',
  cancel_charged_title: 'You were charged — your credits are here',
  cancel_charged_body: 'This checkout was paid and {credits} were added to your balance. Nothing more to do.',
  cancel_processing_title: 'Your payment is still processing',
  cancel_processing_body:
    'This checkout was paid by bank transfer. We will add the credits as soon as it clears, so there is no need to pay again.',
  cancel_processing_link: 'Follow this payment',
  cancel_refunded_title: 'This payment was refunded',
  cancel_refunded_body: 'It was paid and then refunded, and its credits were taken back.',
  cancel_unknown_title: 'Checkout closed',
  cancel_unknown_body:
    'If you left before paying, you were not charged. If you did pay, the credits appear in your history within a minute.',
  see_history: 'See your history',
  cancel_title: 'Payment cancelled — you were not charged',
  cancel_body: 'Nothing was taken from your account. You can pick a pack again whenever you like.',
  back_to_packs: 'Back to packs',
};

export default en;
