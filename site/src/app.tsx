// The route table: locale-prefixed pages, each loaded on demand so a page ships only its own code.

import { Route, Router } from '@solidjs/router';
import { lazy } from 'solid-js';
import { LOCALES } from './lib/i18n';
import LocaleLayout from './pages/locale-layout';
import LocaleRedirect from './pages/locale-redirect';

const HomePage = lazy(() => import('./pages/home/home-page'));
const SigninPage = lazy(() => import('./pages/auth/signin-page'));
const SignupPage = lazy(() => import('./pages/auth/signup-page'));
const SuccessPage = lazy(() => import('./pages/payment-success/success-page'));
const CancelPage = lazy(() => import('./pages/payment-cancel/cancel-page'));
const StudioPage = lazy(() => import('./pages/studio/studio-page'));
const NotFoundPage = lazy(() => import('./pages/not-found-page'));

export function App() {
  return (
    <Router>
      <Route path="/:locale" matchFilters={{ locale: [...LOCALES] }} component={LocaleLayout}>
        <Route path="/" component={HomePage} />
        <Route path="/signin" component={SigninPage} />
        <Route path="/signup" component={SignupPage} />
        <Route path="/payment/success" component={SuccessPage} />
        <Route path="/payment/cancel" component={CancelPage} />
        <Route path="/studio" component={StudioPage} />
        <Route path="*" component={NotFoundPage} />
      </Route>
      <Route path="/" component={LocaleRedirect} />
      <Route path="*" component={LocaleRedirect} />
    </Router>
  );
}
