export { createApi, MAX_EVENT_WINDOW_MS, MAX_SERIES_WINDOW_MS, type ApiDeps } from './app';
export { createLambdaHandler } from './lambda';
export { toHttpError, validationHook, type ErrorBody } from './errors';
export { accountHealth, accountOverview, collectionHealth, loadAllInsights, mttrMinutes } from './health';
