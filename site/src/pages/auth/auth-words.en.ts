// The sign-in and sign-up pages' own words, in English: the source of the keys (the zh file must match them).
const en = {
  signin_title: 'Sign in',
  signup_title: 'Create your account',
  email: 'Email',
  password: 'Password',
  password_hint: 'At least 8 characters.',
  signin_submit: 'Sign in',
  signup_submit: 'Create account',
  submitting: 'Please wait…',
  signin_no_account: 'New here?',
  signin_to_signup: 'Create an account',
  signup_have_account: 'Already have an account?',
  signup_to_signin: 'Sign in',
  err_bad_credentials: 'That email and password do not match an account.',
  err_email_taken: 'An account with this email already exists. Sign in instead.',
  err_invalid_signup: 'Enter a valid email address and a password of at least 8 characters.',
  err_email_required: 'Enter your email address.',
  err_email_invalid: 'Enter a valid email address, like name@example.com.',
  err_password_required: 'Enter a password.',
  err_password_short: 'Use at least 8 characters.',
  err_password_long: 'Use at most 1,024 characters.',
  err_password_invalid: 'This password contains characters that cannot be used. Type it again.',
};

export default en;
