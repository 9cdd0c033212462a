// /{locale}/signin: the sign-in form; its data is the session module's signIn().
import { AuthForm } from './auth-form';

export default function SigninPage() {
  return <AuthForm mode="signin" />;
}
