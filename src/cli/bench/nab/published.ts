/**
 * Normalised NAB scores of published detectors on the development corpus (5 categories, 41
 * files, 69 windows: artificialNoAnomaly, artificialWithAnomaly, realAWSCloudwatch,
 * realKnownCause, realAdExchange), computed by NAB's own scorer. Shown for detectors whose
 * outputs are not available to rescore. They only describe that corpus.
 */
export interface PublishedScore {
  readonly detector: string;
  readonly standard: number;
  readonly reward_low_FP_rate: number;
  readonly reward_low_FN_rate: number;
}

export const PUBLISHED_SUBSET_SCORES: readonly PublishedScore[] = [
  { detector: 'ARTime', standard: 69.08, reward_low_FP_rate: 59.57, reward_low_FN_rate: 74.55 },
  { detector: 'numenta', standard: 68.58, reward_low_FP_rate: 62.21, reward_low_FN_rate: 72.77 },
  { detector: 'htmjava', standard: 65.84, reward_low_FP_rate: 59.21, reward_low_FN_rate: 69.98 },
  { detector: 'contextOSE', standard: 63.78, reward_low_FP_rate: 59.84, reward_low_FN_rate: 67.64 },
  { detector: 'numentaTM', standard: 63.43, reward_low_FP_rate: 54.8, reward_low_FN_rate: 68.42 },
  { detector: 'knncad', standard: 56.63, reward_low_FP_rate: 44.69, reward_low_FN_rate: 62.88 },
  { detector: 'randomCutForest', standard: 52.64, reward_low_FP_rate: 42.24, reward_low_FN_rate: 60.07 },
  { detector: 'earthgeckoSkyline', standard: 49.35, reward_low_FP_rate: 41.08, reward_low_FN_rate: 53.68 },
  { detector: 'relativeEntropy', standard: 47.33, reward_low_FP_rate: 39.25, reward_low_FN_rate: 51.85 },
  { detector: 'twitterADVec', standard: 38.91, reward_low_FP_rate: 28.07, reward_low_FN_rate: 44.78 },
  { detector: 'skyline', standard: 30.73, reward_low_FP_rate: 22.53, reward_low_FN_rate: 34.5 },
  { detector: 'windowedGaussian', standard: 29.06, reward_low_FP_rate: 14.79, reward_low_FN_rate: 35.8 },
  { detector: 'random', standard: 14.96, reward_low_FP_rate: 3.68, reward_low_FN_rate: 23.98 },
  { detector: 'null', standard: 0.0, reward_low_FP_rate: 0.0, reward_low_FN_rate: 0.0 },
];
