/** A stretch of media played without a jump, in whole seconds (to the nearest at its end): [from, to). */
export interface Segment {
  from: number
  to: number
}

/**
 * Between two time updates playback moves at most this far (updates come every ¼ s or so, at up
 * to 2× speed, sometimes late); further, or backwards, is a seek.
 */
const maxStepSeconds = 3

/**
 * Collects what the player really played from its time updates: a seek closes the segment and
 * starts a new one where playback resumed, so skipping to the end adds only what plays after.
 * The server merges the segments and decides what they are worth; this only reports them.
 */
export class WatchedSegments {
  private start: number | null = null
  private last = 0
  private closed: Segment[] = []

  /** The player's time update. */
  update(time: number): void {
    if (this.start !== null && (time < this.last - 1 || time > this.last + maxStepSeconds)) this.close()
    if (this.start === null) this.start = time
    this.last = time
  }

  /** Paused, ended or hidden: the next update starts a new segment wherever it is. */
  stop(): void {
    this.close()
  }

  /** Where playback stands, for resuming. */
  get position(): number {
    return this.last
  }

  /** The segments since the last take; a segment still playing is cut here and goes on from here. */
  take(): Segment[] {
    const playing = this.start !== null
    this.close()
    if (playing) this.start = this.last
    const taken = this.closed
    this.closed = []
    return taken
  }

  private close(): void {
    if (this.start !== null) {
      // The player's last update before a pause or the end comes a fraction of a second early:
      // rounded, the end of a lesson played to its end is counted.
      const from = Math.floor(this.start)
      const to = Math.round(this.last)
      if (to > from) this.closed.push({ from, to })
    }
    this.start = null
  }
}
