// Under the balance: the monthly allowance apart from bought credits ("7,700 monthly credits, reset on
// Jan 3" / "1,000 bought credits, never expire"), from the lots; shown only while an allowance remains.
import { For, Show } from 'solid-js';
import { locale } from '../../lib/i18n';
import type { PlansData } from './plans-section';
import { st } from './subscription-i18n';
import { subscription } from './subscription-store';
import { allowanceLine, formatShortDay, type Line, splitCredits } from './subscription-view';

export function SubscriptionCredits(props: { data: PlansData }) {
  const lines = (): Line[] => {
    const lots = props.data.lots();
    if (!lots) return [];
    const split = splitCredits(lots, Date.now());
    const sub = subscription() ?? null;
    // The allowance held is its own plan's (after a switch, the old plan's until the renewal).
    const held = sub?.allowancePlanId ?? sub?.planId;
    const plan = props.data.plans()?.find((p) => p.id === held);
    const allowance = allowanceLine(split, sub, plan);
    if (!allowance) return [];
    const rest: Line[] = [];
    if (split.bought > 0) rest.push({ key: 'bought_credits', vars: { credits: split.bought } });
    if (split.granted > 0) rest.push({ key: 'granted_credits', vars: { credits: split.granted } });
    return [allowance, ...rest];
  };
  const text = (line: Line) =>
    st(line.key, {
      ...line.vars,
      date: line.vars.date === undefined ? '' : formatShortDay(locale(), line.vars.date, Date.now()),
    });

  return (
    <Show when={lines().length > 0}>
      <ul class="credits-split" aria-label={st('credits_split_label')}>
        <For each={lines()}>{(line) => <li>{text(line)}</li>}</For>
      </ul>
    </Show>
  );
}
