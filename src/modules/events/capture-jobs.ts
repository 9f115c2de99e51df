/**
 * EPCIS capture jobs (REST binding `POST /capture` → 202 + `/capture/{id}`): documents are
 * captured one batch after another in the background, each job recording its per-event errors.
 * Jobs of one caller that are waiting together are captured in one transaction (each still
 * judged on its own, as if one after the other): under load, many small documents then cost
 * what one large one does. A job a crash interrupted is marked failed at the next start
 * (nothing of it was stored: a job's events commit in one transaction).
 */
import crypto from 'node:crypto';
import type { Actor } from '../access/actor.ts';
import type { EventJson } from './event-facts.ts';
import type { CaptureResult, EventError, EventsService } from './events.service.ts';

export interface SubmitInput {
  readonly events: readonly EventJson[];
  readonly context?: Readonly<Record<string, unknown>> | undefined;
  readonly behaviour: 'rollback' | 'proceed';
  readonly invalid: readonly EventError[];
  readonly asOrgId?: string | undefined;
}

/** Events one batch of jobs may hold. */
const BATCH_EVENTS = 5000;

interface Queued {
  readonly id: string;
  readonly actor: Actor;
  readonly key: string;
  readonly input: SubmitInput;
}

export type CaptureJobs = ReturnType<typeof createCaptureJobs>;

export function createCaptureJobs({ events, clock, onError }: { events: EventsService; clock: () => Date; onError?: (e: unknown) => void }) {
  const queue: Queued[] = [];
  let running: Promise<void> | undefined;

  async function finish(job: Queued, r: CaptureResult) {
    await events.jobs.finish(job.id, { captured: r.captured.length, success: r.errors.length === 0, errors: [...r.errors], finished_at: clock() });
  }

  async function fail(job: Queued, e: unknown) {
    onError?.(e);
    const message = e instanceof Error ? e.message : String(e);
    await events.jobs.finish(job.id, { captured: 0, success: false, errors: [{ eventIndex: -1, path: '', code: 'capture_failed', key: 'event.error.capture_failed', params: { reason: message } }], finished_at: clock() })
      .catch(onError);
  }

  /** The next batch: the first waiting job and the jobs of the same caller queued after it. */
  function take(): Queued[] {
    const first = queue.shift();
    if (!first) return [];
    const batch = [first];
    let size = first.input.events.length;
    for (let i = 0; i < queue.length && size < BATCH_EVENTS; ) {
      const next = queue[i];
      if (next && next.key === first.key && size + next.input.events.length <= BATCH_EVENTS) {
        batch.push(next);
        size += next.input.events.length;
        queue.splice(i, 1);
      } else i++;
    }
    return batch;
  }

  const prepare = (batch: Queued[]) =>
    batch.length ? events.prepareMany(batch[0]?.actor ?? { role: 'public', regions: [] }, batch.map((j) => ({ ...j.input, captureId: j.id }))).then((p) => ({ ok: true as const, p }), (e: unknown) => ({ ok: false as const, e })) : undefined;

  async function drain() {
    let batch = take();
    let prepared = prepare(batch);
    while (prepared) {
      const ready = await prepared;
      const committing = ready.ok ? ready.p.commit() : Promise.reject(ready.e);
      // Prepare the next batch while this one commits (the database works, the CPU is free).
      const next = take();
      prepared = prepare(next);
      try {
        const results = await committing;
        for (const [i, job] of batch.entries()) await finish(job, results[i] ?? { captured: [], errors: [] });
      } catch {
        // The batch's transaction failed as a whole (e.g. a racing capture took an eventID): each
        // job again on its own, so one job's conflict is not every job's.
        for (const job of batch) {
          try {
            await finish(job, await events.capture(job.actor, { ...job.input, captureId: job.id }));
          } catch (err) {
            await fail(job, err);
          }
        }
      }
      // The next batch was judged while this one committed: if it names a code this one did, the
      // custody it was judged by may be stale (a shipment this one recorded), so judge it again.
      if (prepared && ready.ok) {
        const mine = ready.p.keys;
        const again = next;
        prepared = prepared.then((n) => (n.ok && [...n.p.keys].some((k) => mine.has(k)) ? prepare(again) ?? n : n));
      }
      batch = next;
    }
  }

  function kick() {
    if (running) return;
    running = drain().finally(() => {
      running = undefined;
      // A job queued while the last round was ending.
      if (queue.length) kick();
    });
  }

  return {
    /** Records the job and queues it; returns its id at once. */
    async submit(actor: Actor, input: SubmitInput): Promise<string> {
      const orgId = await events.captureOrg(actor, input.asOrgId);
      const id = crypto.randomUUID();
      await events.jobs.create({ id, org_id: orgId, created_by: actor.username ?? actor.apiKeyId ?? actor.role, behaviour: input.behaviour, event_count: input.events.length, created_at: clock() });
      queue.push({ id, actor, input, key: JSON.stringify([actor.role, actor.orgId, actor.userId, actor.apiKeyId, orgId]) });
      kick();
      return id;
    },
    /** Resolves when every queued job has finished (tests, shutdown). */
    idle: async () => {
      while (running) await running;
    },
  };
}
