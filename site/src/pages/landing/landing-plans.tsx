// The landing page's plans: each monthly plan with its credits, what they buy, its price and rollover, and sign up.
import { A } from '@solidjs/router';
import { createResource, For, Show } from 'solid-js';
import { TYPICAL_RENDER, typicalRenders } from '../../lib/credits-buy';
import { localePath } from '../../lib/i18n';
import { plansApi } from '../../lib/plans-api';
import { PlanFacts } from '../home/plans-section';
import { st } from '../home/subscription-i18n';
import { lw } from './landing-words';

export function LandingPlans() {
  // A site without plans (or a failed request) shows no section rather than an error to a visitor.
  const [plans] = createResource(() => plansApi.plans().catch(() => []));
  return (
    <Show when={(plans() ?? []).length > 0}>
      <section id="plans" aria-labelledby="landing-plans-title">
        <h2 id="landing-plans-title">{st('plans_title')}</h2>
        <p class="muted">{st('plans_intro')}</p>
        <ul class="packs">
          <For each={plans()}>
            {(plan) => (
              <li class="card pack plan">
                <PlanFacts plan={plan} plans={plans() ?? []} />
                <p class="muted">
                  {lw('plans_videos', { n: typicalRenders(plan.monthlyCredits), s: TYPICAL_RENDER.seconds })}
                </p>
              </li>
            )}
          </For>
        </ul>
        <A href={localePath('/signup')} class="button primary">
          {lw('plans_cta')}
        </A>
      </section>
    </Show>
  );
}
