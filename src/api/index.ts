export { createApi, MAX_BODY_BYTES, MAX_COST_RESOURCES, MAX_EVENT_WINDOW_MS, MAX_REPORT_WINDOW_MS, MAX_SERIES_WINDOW_MS, type ApiDeps } from './app';
export { MAX_TIME_MS, parseTime } from './time';
export { createLambdaHandler } from './lambda';
export { toHttpError, validationHook, type ErrorBody } from './errors';
export { accountHealth, accountOverview, collectionHealth, loadAllInsights, mttrMinutes } from './health';
