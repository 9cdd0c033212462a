// /{locale}: the landing page for signed-out visitors (what credits buy, the packs and plans, sign up); the home dashboard for everyone signed in.
import { A } from '@solidjs/router';
import { createResource, For, Match, Show, Switch } from 'solid-js';
import { CREDITS_PER_SECOND, RESOLUTIONS } from '../../../../worker/studio/pricing';
import { creditsApi } from '../../lib/credits-api';
import { TYPICAL_RENDER, typicalRenders } from '../../lib/credits-buy';
import { credits, formatMoney, locale, localePath, t } from '../../lib/i18n';
import { lazyPage } from '../../lib/lazy-page';
import { packName } from '../../lib/pack-name';
import { usePageTitle } from '../../lib/page-title';
import { endedElsewhere, user } from '../../lib/session';
import { LandingPlans } from './landing-plans';
import { lw } from './landing-words';
import { packValues, signUpToBuyHref } from './pack-value';

const HomePage = lazyPage(() => import('../home/home-page'));

/** The amount the typical example quotes: one Starter-sized pack. */
const EXAMPLE_CREDITS = 1_000;

function Landing() {
  usePageTitle(() => lw('title'));
  const [packs] = createResource(() => creditsApi.packs().catch(() => []));
  const values = () => packValues(packs() ?? []);
  const basePack = () => values().find((v) => v.bonusCredits === 0)?.pack;
  const baseName = () => {
    const base = basePack();
    return base ? packName(base) : '';
  };

  return (
    <>
      <section class="hero" aria-labelledby="landing-title">
        <h1 id="landing-title">{lw('title')}</h1>
        <p>{lw('lead')}</p>
        <div class="row">
          <A href={localePath('/signup')} class="button primary">
            {lw('signup')}
          </A>
          <A href={localePath('/signin')} class="button">
            {lw('signin')}
          </A>
        </div>
      </section>

      <section aria-labelledby="buys-title">
        <h2 id="buys-title">{lw('buys_title')}</h2>
        <p>
          {lw('buys_typical', {
            credits: credits(EXAMPLE_CREDITS),
            n: typicalRenders(EXAMPLE_CREDITS),
            s: TYPICAL_RENDER.seconds,
            res: TYPICAL_RENDER.resolution,
          })}
        </p>
        <ul>
          <For each={RESOLUTIONS}>{(res) => <li>{lw('buys_rate', { rate: CREDITS_PER_SECOND[res], res })}</li>}</For>
        </ul>
      </section>

      <section id="packs" aria-labelledby="landing-packs-title">
        <h2 id="landing-packs-title">{lw('packs_title')}</h2>
        <Show when={packs()} fallback={<p class="muted">{t('loading')}</p>}>
          <ul class="packs">
            <For each={values()}>
              {(value) => (
                <li class="card pack">
                  <h3>{packName(value.pack)}</h3>
                  <p class="pack-credits">{t('pack_credits', { credits: value.pack.credits })}</p>
                  <p class="muted">{lw('pack_videos', { n: value.videos, s: TYPICAL_RENDER.seconds })}</p>
                  <p class="pack-price">{formatMoney(locale(), value.pack.amount, value.pack.currency)}</p>
                  <p>
                    {value.bonusCredits > 0
                      ? lw('pack_bonus', { bonus: value.bonusCredits, percent: value.bonusPercent, base: baseName() })
                      : lw('pack_base')}
                  </p>
                  <A href={signUpToBuyHref(localePath(), value.pack.id)} class="button primary">
                    {lw('packs_cta')}
                    <span class="visually-hidden"> {packName(value.pack)}</span>
                  </A>
                </li>
              )}
            </For>
          </ul>
          <p class="muted">{lw('never_expire')}</p>
        </Show>
      </section>

      <LandingPlans />
    </>
  );
}

export default function FrontPage() {
  return (
    <Switch>
      <Match when={user() === undefined || (user() === null && endedElsewhere())}>
        <p class="muted">{t('loading')}</p>
      </Match>
      {/* A session that just ended in another tab is on its way to sign-in (SignedOutNotice): no landing in between. */}
      <Match when={user() === null && !endedElsewhere()}>
        <Landing />
      </Match>
      <Match when={user()}>
        <HomePage />
      </Match>
    </Switch>
  );
}
