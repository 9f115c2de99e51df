/**
 * EPCIS capture jobs (REST binding `POST /capture` → 202 + `/capture/{id}`): documents are
 * captured one after another in the background, each job recording per-event errors. A job a
 * crash interrupted is marked failed at the next start (rollback jobs stored nothing; proceed
 * jobs stored what their ledger leaves show).
 */
import crypto from 'node:crypto';
import type { Actor } from '../access/actor.ts';
import type { EventJson } from './event-facts.ts';
import type { EventError, EventsService } from './events.service.ts';

export interface SubmitInput {
  readonly events: readonly EventJson[];
  readonly context?: Readonly<Record<string, unknown>> | undefined;
  readonly behaviour: 'rollback' | 'proceed';
  readonly invalid: readonly EventError[];
  readonly asOrgId?: string | undefined;
}

export type CaptureJobs = ReturnType<typeof createCaptureJobs>;

export function createCaptureJobs({ events, clock, onError }: { events: EventsService; clock: () => Date; onError?: (e: unknown) => void }) {
  let tail: Promise<void> = Promise.resolve();
  let pending = 0;

  return {
    /** Records the job and queues it; returns its id at once. */
    async submit(actor: Actor, input: SubmitInput): Promise<string> {
      const orgId = await events.captureOrg(actor, input.asOrgId);
      const id = crypto.randomUUID();
      await events.jobs.create({ id, org_id: orgId, created_by: actor.username ?? actor.apiKeyId ?? actor.role, behaviour: input.behaviour, event_count: input.events.length, created_at: clock() });
      pending++;
      tail = tail.then(async () => {
        try {
          const r = await events.capture(actor, { ...input, captureId: id });
          await events.jobs.finish(id, { captured: r.captured.length, success: r.errors.length === 0, errors: [...r.errors], finished_at: clock() });
        } catch (e) {
          onError?.(e);
          const message = e instanceof Error ? e.message : String(e);
          await events.jobs.finish(id, { captured: 0, success: false, errors: [{ eventIndex: -1, path: '', code: 'capture_failed', message: { zh: `采集失败：${message}`, en: `capture failed: ${message}` } }], finished_at: clock() })
            .catch(onError);
        } finally {
          pending--;
        }
      });
      return id;
    },
    /** Resolves when every queued job has finished (tests, shutdown). */
    idle: async () => {
      while (pending > 0) await tail;
    },
  };
}
