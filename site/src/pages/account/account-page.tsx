// /{locale}/account: who is signed in, auto top-up, change email (confirmed by a link), change password, active sessions, delete account.
import { useNavigate } from '@solidjs/router';
import { createSignal } from 'solid-js';
import { signedInPage } from '../../components/require-auth';
import { localePath } from '../../lib/i18n';
import { signOut, user } from '../../lib/session';
import { act } from './account-i18n';
import { AutoTopupPanel } from './auto-topup-panel';
import { DeleteAccount } from './delete-account';
import { EmailForm } from './email-form';
import { PasswordForm } from './password-form';
import { SessionsPanel } from './sessions-panel';

function Account() {
  const navigate = useNavigate();
  // Bumped when something ends other sessions, so the list reloads.
  const [version, setVersion] = createSignal(0);
  const signedOutHere = async () => {
    await signOut().catch(() => undefined);
    navigate(localePath('/signin'), { replace: true });
  };

  return (
    <div class="stack account">
      <section aria-labelledby="account-title">
        <h1 id="account-title">{act('title')}</h1>
        <p>
          {act('email_label')} <strong class="account-email">{user()?.email}</strong>
        </p>
      </section>
      <AutoTopupPanel />
      <EmailForm />
      <PasswordForm onChanged={() => setVersion((v) => v + 1)} />
      <SessionsPanel version={version()} onSignedOutHere={signedOutHere} />
      <DeleteAccount />
    </div>
  );
}

export default signedInPage(() => act('title'), Account);
