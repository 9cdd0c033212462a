// The success page's own words, in English: the source of the keys (the zh file must match them).
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
  // A plan's Checkout Session (subscription-success.ts): "Your 7,700 monthly credits are here".
  success_sub_waiting: 'Subscribed — adding your monthly credits…',
  success_sub_credited: 'Your {credits} monthly credits are here',
  success_sub_announce: 'Your {credits} monthly credits are here. New balance: {balance}.',
};

export default en;
