/** What the notifier needs of a DataSource. */
interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * Sends `NOTIFY <channel>` after the caller's own commit, at most one at a time: requests made while one is in
 * flight are folded into one more after it.
 *
 * Why not NOTIFY inside the data transaction: PostgreSQL serialises the commits of notifying transactions (a
 * database-wide lock taken before commit and held through the commit's WAL flush), so a NOTIFY in every webhook's
 * insert made concurrent intakes commit one by one and gave up group commit. Here a burst of N deliveries costs
 * one or two short notifying transactions. A lost wake-up (the process dies between the commit and the NOTIFY) only
 * delays the work until a worker's idle poll (LISTENING_IDLE_MS).
 */
export class CoalescingNotifier {
  private inFlight = false;
  private again = false;

  constructor(
    private readonly db: Queryable,
    private readonly channel: string,
  ) {}

  notify(): void {
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = true;
    void this.db
      .query(`SELECT pg_notify($1, '')`, [this.channel])
      .catch(() => undefined)
      .finally(() => {
        this.inFlight = false;
        if (this.again) {
          this.again = false;
          this.notify();
        }
      });
  }
}
