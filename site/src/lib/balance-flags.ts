// When the balance says more than its number: "N reserved" while a hold is active, and an expiring-credits
// notice. Apart from credits-buy.ts (which re-exports them) because the header needs only these, and
// credits-buy.ts brings the Studio's price table with it.

/** "N reserved" is shown only while something is held. */
export function showsReserved(held: number | null | undefined): held is number {
  return typeof held === 'number' && held > 0;
}

/** Credits expire "soon" when the server names an expiring lot (it only does within 7 days). */
export function expiresSoon(expiring: { credits: number; at: string } | null | undefined): boolean {
  return !!expiring && expiring.credits > 0;
}
