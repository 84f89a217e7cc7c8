/**
 * Counts attempts per key in fixed one-minute windows, in memory. Used to rate-limit sign-in per account, beside
 * the per-address limit: an attacker who rotates addresses still meets this one. Per process: with N processes an
 * account gets at most N times the limit, and the database lockout (5 failures) still applies across all of them.
 */
export class AttemptLimiter {
  private windows = new Map<string, { start: number; count: number }>();
  constructor(private readonly perMinute: number) {}

  /** Records an attempt; false when the key has used up its attempts in the current minute. */
  hit(key: string, now: Date): boolean {
    const t = now.getTime();
    const w = this.windows.get(key);
    if (!w || t - w.start >= 60_000) {
      if (this.windows.size > 100_000) this.prune(t);
      this.windows.set(key, { start: t, count: 1 });
      return true;
    }
    w.count++;
    return w.count <= this.perMinute;
  }

  private prune(t: number) {
    for (const [k, w] of this.windows) if (t - w.start >= 60_000) this.windows.delete(k);
  }
}
