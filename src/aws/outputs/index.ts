export { buildMessage, resourceArns, dgSeverity, defaultInsightUrl, MAX_MESSAGE_BYTES, type DevOpsGuruMessage, type DevOpsGuruAnomaly, type MessageContext } from './message';
export { SnsTarget, snsSubject, type SnsTargetOptions } from './sns';
export { EventBridgeTarget, DETAIL_TYPES, EVENT_SOURCE, type EventBridgeTargetOptions } from './eventbridge';
export { OpsCenterTarget, OPSITEM_SEVERITY, dedupString, type OpsCenterTargetOptions, type OpsItemIdStore } from './opscenter';
export { CompositeNotifier, DeliveryError, type CompositeNotifierOptions } from './composite';
