/** Local notifier: keeps every delivered notification (tests, the local summary). */
import type { InsightNotification, Notifier } from '../core';

export class MemoryNotifier implements Notifier {
  readonly delivered: InsightNotification[] = [];

  async notify(notifications: readonly InsightNotification[]): Promise<void> {
    this.delivered.push(...notifications);
  }
}
