// /{locale}/signup: the sign-up form; its data is the session module's signUp().
import { AuthForm } from './auth-form';

export default function SignupPage() {
  return <AuthForm mode="signup" />;
}
