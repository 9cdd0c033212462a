// A number that counts from `from` up to `to` once, over ~800 ms, or shows `to` at once for reduced motion.
import { createSignal, onCleanup, onMount } from 'solid-js';
import { countUpValue } from '../lib/count-up';

export function CountUp(props: { from: number; to: number; format: (n: number) => string; durationMs?: number }) {
  const reduceMotion = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
  // Read once: the animation is a one-off flourish for a committed number, not a live binding.
  const from = props.from;
  const to = props.to;
  const duration = props.durationMs ?? 800;
  const [value, setValue] = createSignal(reduceMotion || from === to ? to : from);

  onMount(() => {
    if (value() === to) return;
    let frame = 0;
    let start: number | undefined;
    const step = (now: number) => {
      start ??= now;
      const elapsed = now - start;
      setValue(countUpValue(from, to, elapsed, duration));
      if (elapsed < duration) frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
    onCleanup(() => cancelAnimationFrame(frame));
  });

  return <span class="count-up">{props.format(value())}</span>;
}
