// The landing page's words, in English: the source of the keys (the zh file must match them).
const en = {
  title: 'Credits for AI video',
  lead: 'Buy credits once, spend them in the Studio on videos, and watch your balance change live in every tab.',
  signup: 'Sign up free',
  signin: 'Sign in',
  buys_title: 'What credits buy',
  buys_rate: 'A video costs {rate} credits per second at {res}.',
  buys_typical: '{credits} ≈ {n} videos of {s} s at {res}',
  packs_title: 'Credit packs',
  pack_videos: '≈ {n} videos of {s} s',
  pack_bonus: 'Includes {bonus} bonus credits: {percent}% more than the {base} rate',
  pack_base: 'Base rate',
  packs_cta: 'Sign up to buy',
  never_expire: 'Purchased credits never expire.',
  plans_videos: '≈ {n} videos of {s} s every month',
  plans_cta: 'Sign up to subscribe',
};

export default en;
