export { classifyCloudTrail, eventImpact, baseEventName, isReadOnlyEventName, EVENT_RULES, type ServiceEventRules } from './classify';
export { fromCloudTrailRecord, type CloudTrailNormaliseOptions } from './cloudtrail';
export { fromCodeDeployDeployment, type CodeDeployNormaliseOptions } from './codedeploy';
export {
  rankEvents,
  rootCauseHypothesis,
  relevantEventIds,
  isLikelyCause,
  roleServes,
  describeEvent,
  relativeToOnset,
  namesResource,
  LIKELY_CAUSE_SCORE,
  SCOPE_WEIGHT,
  CLASS_WEIGHT,
  type RankContext,
  type RankOptions,
  type RankedEvent,
  type EventScope,
  type ResourceRef,
} from './rank';
export { shortName } from './raw';
export { groupChanges, CHANGE_WINDOW_MS, type Change } from './changes';
