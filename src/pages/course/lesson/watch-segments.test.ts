import { describe, expect, it } from 'vitest'
import { WatchedSegments } from './watch-segments'

function play(watched: WatchedSegments, from: number, to: number, step = 0.25): void {
  for (let t = from; t <= to + 1e-9; t += step) watched.update(t)
}

describe('WatchedSegments', () => {
  it('reports continuous playback as one segment, cut at each take and continued from there', () => {
    const watched = new WatchedSegments()
    play(watched, 0, 15.25)
    expect(watched.take()).toEqual([{ from: 0, to: 15 }])
    play(watched, 15.5, 30.25)
    expect(watched.take()).toEqual([{ from: 15, to: 30 }])
  })

  it('starts a new segment at a seek: skipping to the end adds only what plays after it', () => {
    const watched = new WatchedSegments()
    play(watched, 0, 5)
    play(watched, 95, 100)
    expect(watched.take()).toEqual([
      { from: 0, to: 5 },
      { from: 95, to: 100 },
    ])
    expect(watched.position).toBe(100)
  })

  it('treats a jump back as a seek, and a pause as the end of a segment', () => {
    const watched = new WatchedSegments()
    play(watched, 10, 20)
    play(watched, 12, 14)
    watched.stop()
    play(watched, 40, 41)
    expect(watched.take()).toEqual([
      { from: 10, to: 20 },
      { from: 12, to: 14 },
      { from: 40, to: 41 },
    ])
    expect(watched.take()).toEqual([])
  })

  it('counts a lesson played to its end up to its last second, though the last update comes early', () => {
    const watched = new WatchedSegments()
    play(watched, 0, 11.9, 0.35)
    watched.stop()
    expect(watched.take()).toEqual([{ from: 0, to: 12 }])
  })
})
