import * as v from 'valibot';
import { FIELD_SCHEMAS } from './parse-input.ts';

const { resource, minutes, units, note, tags, instant } = FIELD_SCHEMAS;

/** `PUT /api/timer`: what the timer's session will say, and when it started (default: now). */
export const TimerStartSchema = v.strictObject({
  resource,
  startedAt: v.optional(instant),
  note: v.optional(note),
  tags: v.optional(tags),
  units: v.optional(units),
  private: v.optional(v.boolean('must be true or false')),
});

/** `POST /api/timer/stop`: when it stopped or how long it ran, and what overrides the start's fields. */
export const TimerStopSchema = v.strictObject({
  stoppedAt: v.optional(instant),
  minutes: v.optional(minutes),
  note: v.optional(note),
  tags: v.optional(tags),
  units: v.optional(units),
});
