// The site's shared words, in English: the source of the keys (the zh file must match them).
const en = {
  app_name: 'Creditcast',
  nav_home: 'Credits',
  nav_signin: 'Sign in',
  nav_signup: 'Sign up',
  nav_admin: 'Admin',
  sign_out: 'Sign out',
  nav_main: 'Main',
  nav_language: 'Language',
  balance_label: 'Balance',
  balance_loading: '…',
  live_on: 'Live: balance updates instantly',
  credits_one: '{n} credit',
  credits_other: '{n} credits',
  loading: 'Loading…',
  error_network: 'Could not reach the server. Check your connection and try again.',
  error_generic: 'Something went wrong. Please try again.',
  // The app shell (site-live): live states, page loading, sign-out elsewhere, skip link.
  live_reconnecting: 'Reconnecting…: balance may lag',
  live_reconnecting_short: 'Reconnecting…',
  live_offline: 'Offline: balance may be out of date',
  live_offline_short: 'Offline',
  page_load_failed_title: 'This page could not be loaded',
  page_load_failed_body: 'Check your connection, then try again. Your credits are safe.',
  page_load_retry: 'Try again',
  signed_out_other_tab: 'You signed out in another tab or window.',
  signed_out_remote: 'Your session was ended from another device, by a password change, or because it expired.',
  sign_in_again: 'Sign in again',
  skip_to_content: 'Skip to main content',

  // The header's account link (sign-up's words are pages/auth/auth-words.*.ts).
  nav_account: 'Account',

  packs_title: 'Buy credits',
  pack_credits: '{credits} credits',
  buy: 'Buy',
  buy_redirecting: 'Opening checkout…',

  success_title: 'Payment',
  success_waiting: 'Payment received — adding your credits…',
  success_elapsed: 'Waiting for {s} s',
  success_slow:
    'This is taking longer than usual. Your payment is safe: we keep listening and will add the credits as soon as they are confirmed.',
  success_session: 'Payment reference: {id}',
  success_credited: '+{credits} credits',
  success_new_balance: 'New balance',
  success_announce: '{credits} added. New balance: {balance}.',
  success_processing_title: 'Bank transfer processing',
  success_failed_title: 'Payment failed',
  success_expired_title: 'Checkout expired',
  success_refunded_title: 'Payment refunded',
  success_not_found_title: 'Payment not found',
  success_signed_out_title: 'You are signed out',
  success_processing:
    "Your bank transfer is processing. We'll add your credits as soon as it clears — you can leave this page.",
  success_failed: 'The payment did not go through, so no credits were added and you were not charged.',
  success_expired: 'This checkout expired before it was paid, so you were not charged.',
  success_refunded: 'This payment was refunded, and its credits were taken back.',
  success_not_found: "We can't find this payment in your account. Check the link, or see your recent activity.",
  success_signed_out: 'You are signed out. Sign in to see this payment; your credits are safe either way.',
  try_again: 'Try again',
  back_home: 'Back to your credits',

  not_found_title: 'Page not found',
  not_found_body: 'There is nothing at this address.',

  nav_studio: 'Studio',
  nav_history: 'History',
  balance_buy_more: '{balance} — buy more credits',
  reserved: '{n} reserved',
  buys_renders: 'About {n} videos of {s} s',
  low_balance_link: 'Buy credits',
  expiring_notice: '{credits} credits expire on {date}.',
};

export default en;
// The error sentences ride in this chunk (error-messages.ts loads them from here): every page needs both
// sets, so one request and one gzip stream per locale instead of two.
export { default as errorMessages } from './error-messages.en';
