// Recently seen Slack event ids. Slack retries an event it thinks we missed (X-Slack-Retry-Num)
// and Bolt does not deduplicate, so this is the first line of defence; the core's participation
// dedupe by eventId is the durable one (it survives restarts).

export class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly capacity = 5000) {}

  /** True the first time an id is seen; false for a repeat. */
  firstTime(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    // Sets iterate in insertion order: the first entry is the oldest.
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value as string);
    return true;
  }
}
