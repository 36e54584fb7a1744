/**
 * Normalised NAB scores on the development subset (`shared/nab/data`) as published with it
 * (`shared/nab/README.md`, computed by NAB's own scorer). Shown for detectors whose outputs
 * are not available to rescore. They only describe that subset.
 */
export interface PublishedScore {
  readonly detector: string;
  readonly standard: number;
  readonly reward_low_FP_rate: number;
  readonly reward_low_FN_rate: number;
}

export const PUBLISHED_SUBSET_SCORES: readonly PublishedScore[] = [
  { detector: 'numenta', standard: 72.3, reward_low_FP_rate: 69.12, reward_low_FN_rate: 75.98 },
  { detector: 'contextOSE', standard: 71.61, reward_low_FP_rate: 67.25, reward_low_FN_rate: 75.52 },
  { detector: 'htmjava', standard: 69.82, reward_low_FP_rate: 64.13, reward_low_FN_rate: 73.48 },
  { detector: 'ARTime', standard: 69.81, reward_low_FP_rate: 59.97, reward_low_FN_rate: 75.24 },
  { detector: 'knncad', standard: 57.05, reward_low_FP_rate: 46.57, reward_low_FN_rate: 62.11 },
  { detector: 'earthgeckoSkyline', standard: 55.13, reward_low_FP_rate: 43.24, reward_low_FN_rate: 60.83 },
  { detector: 'randomCutForest', standard: 53.71, reward_low_FP_rate: 44.87, reward_low_FN_rate: 60.09 },
  { detector: 'relativeEntropy', standard: 50.06, reward_low_FP_rate: 42.87, reward_low_FN_rate: 53.74 },
  { detector: 'skyline', standard: 46.22, reward_low_FP_rate: 35.19, reward_low_FN_rate: 52.11 },
  { detector: 'twitterADVec', standard: 41.18, reward_low_FP_rate: 23.48, reward_low_FN_rate: 49.68 },
  { detector: 'windowedGaussian', standard: 26.52, reward_low_FP_rate: 2.24, reward_low_FN_rate: 37.12 },
  { detector: 'random', standard: 20.76, reward_low_FP_rate: 7.74, reward_low_FN_rate: 29.5 },
  { detector: 'null', standard: 0, reward_low_FP_rate: 0, reward_low_FN_rate: 0 },
];
