// What the error codes only the sign-in and sign-up forms' calls (pages/auth/auth-errors.ts registers them) can meet mean to a user, in English (the zh file must match):
// loaded with the pages that make those calls, not with every page's words.
const en = {
  invalid_credentials: 'That email and password do not match an account. Check them and try again.',
  email_taken: 'An account with this email already exists. Sign in instead.',
  invalid_reset_token:
    'This reset link is not valid any more: it was used, or it is over 30 minutes old. Ask for a new one.',
  invalid_email_token:
    'This confirmation link is not valid any more: it was used, or it is over 24 hours old. Change the email again from your account.',
};

export default en;
