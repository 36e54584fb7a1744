export { buildMessage, resourceArns, dgSeverity, defaultInsightUrl, MAX_MESSAGE_BYTES, type DevOpsGuruMessage, type DevOpsGuruAnomaly, type MessageContext } from './message';
export { SnsTarget, snsSubject, buildMessageStructure, type SnsTargetOptions } from './sns';
export { ChatTarget, buildChatNotification, MAX_CHAT_DESCRIPTION, type ChatNotification, type ChatTargetOptions } from './chat';
export { EventBridgeTarget, DETAIL_TYPES, EVENT_SOURCE, type EventBridgeTargetOptions } from './eventbridge';
export {
  OpsCenterTarget,
  OPSITEM_SEVERITY,
  OPSITEM_DESCRIPTION_MAX,
  OPSITEM_MAX_RESOURCES,
  dedupString,
  opsItemDescription,
  opsItemData,
  type OpsCenterTargetOptions,
  type OpsItemIdStore,
} from './opscenter';
export { CompositeNotifier, DeliveryError, type CompositeNotifierOptions } from './composite';
export { summarize, firstSentence, resourceTypeLabel, type InsightSummary } from './summary';
export { renderEmail } from './email';
export { insightLinks, type InsightLinks, type InsightLinkOptions } from './links';
export { RUNBOOKS, runbookFor, type Runbook } from './runbooks';
export { resourceArn, relatedResourceArns, partitionOf } from './resources';
export { accountAliasesOf, accountLabel, insightPlace, type AccountNames } from './account';
