export { correlate, relevantEvents, DEFAULT_CORRELATOR_CONFIG, type CorrelateInput, type CorrelateOutput, type CorrelatorConfig } from './simple';
