// The payment pages' own words (success and cancel), in English: the source of the keys (the zh file must match them).
const en = {
  title_waiting: 'Adding your credits…',
  checking: 'Checking this payment…',
  title_credited: '{credits} added',
  title_already: '{credits} already added',
  already_heading: 'Already added: {credits}',
  already_when: 'They were added to your balance on {date}.',
  already_no_when: 'They were added to your balance earlier.',
  balance_now: 'Balance now',
  see_history: 'See your history',
  ref_label: 'Payment reference:',
  ref_copy: 'Copy',
  ref_copy_name: 'Copy the full payment reference',
  ref_copied: 'Copied the full reference.',
  ref_copy_failed: 'Could not copy. The full reference is: {id}',
  support_lead: 'Need help?',
  support_link: 'Email {email}',
  support_subject: 'Payment {id} not credited',
  support_body: 'Hello, my payment {id} has not been added to my balance yet.',
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
  // A plan's Checkout Session (subscription-success.ts): "Your 7,700 monthly credits are here".
  success_sub_waiting: 'Subscribed — adding your monthly credits…',
  success_sub_credited: 'Your {credits} monthly credits are here',
  success_sub_announce: 'Your {credits} monthly credits are here. New balance: {balance}.',
};

export default en;
