// What the error codes only the sign-in and sign-up forms' calls (pages/auth/auth-errors.ts registers them) can meet mean to a user, in English (the zh file must match):
// loaded with the pages that make those calls, not with every page's words.
const en = {
  invalid_credentials: 'That email and password do not match an account. Check them and try again.',
  email_taken: 'An account with this email already exists. Sign in instead.',
};

export default en;
