// What a render costs, in credits, before it starts: the maximum the Studio reserves. Pure data,
// shared by the Worker (what to hold) and the site (the price shown before you click).
export const VIDEO_LENGTHS = [5, 10, 20] as const;
export type VideoLength = (typeof VIDEO_LENGTHS)[number];

export const RESOLUTIONS = ['480p', '720p', '1080p'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** Credits per second of video at each resolution. */
export const CREDITS_PER_SECOND: Record<Resolution, number> = { '480p': 2, '720p': 4, '1080p': 8 };

/** The most a render can cost: what the Studio reserves; the render farm captures what it used. */
export function maxCost(seconds: VideoLength, resolution: Resolution): number {
  return seconds * CREDITS_PER_SECOND[resolution];
}

/** The render the site quotes prices in ("about 45 videos of 10 s"): 10 s at 720p. */
export const TYPICAL_RENDER = { seconds: 10, resolution: '720p' } as const satisfies {
  seconds: VideoLength;
  resolution: Resolution;
};

/** How many typical renders `credits` buys (rounded down). */
export function typicalRenders(credits: number): number {
  return Math.floor(Math.max(credits, 0) / maxCost(TYPICAL_RENDER.seconds, TYPICAL_RENDER.resolution));
}
