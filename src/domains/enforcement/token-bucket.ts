import { AppError } from '../../platform/errors.js';

/**
 * A rate limit that needs no address: one bucket shared by every caller of an endpoint (in memory, per
 * process). It caps how fast the hotline can be flooded without keeping anything that could point at a reporter;
 * guessing a receipt's passphrase is slowed separately by the per-receipt counter in the database.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = capacity;
    this.last = now();
  }

  take(what: string) {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 60_000) * this.perMinute);
    this.last = t;
    if (this.tokens < 1) throw new AppError('rate_limited', `The hotline is receiving many ${what} right now; wait a minute and try again. Nothing was stored`);
    this.tokens -= 1;
  }
}
