// The reference model of session state: a plain function from a set of events to the state the
// documents describe, written from docs/state-machine.md in closed form (who wins, by which rule)
// rather than as a fold, and sharing no code with the engine or the provider rules. The real
// consumer is compared against it.
import { CASAPAY_EVENT_TYPES, VERIFF_DECISIONS } from '../../functions/local/samples.js';
import type { SessionEvent } from '../../functions/sessions/session-event.js';

export interface ModelState {
  readonly status: string | null;
  readonly facts: unknown;
  /** The summary the state-machine tables give: outcome, final, actions, provider start. */
  readonly summary: {
    readonly outcome: string | null;
    readonly final: boolean;
    readonly actions: readonly Record<string, unknown>[];
    readonly providerCreatedAt: number | null;
  };
  /** eventId -> 'applied' or the reason it is not. */
  readonly outcomes: ReadonlyMap<string, string>;
}

const lexical = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const distinct = (events: readonly SessionEvent[]) => [
  ...new Map(events.map((e) => [e.eventId, e])).values(),
];
const text = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : null;

// --- CasaPay -----------------------------------------------------------------------------------

const RANK: Record<string, number> = {
  created: 0,
  pending: 1,
  processing: 2,
  completed: 3,
  expired: 3,
  failed: 3,
};
/** Every documented CasaPay event type that is not a session status records a fact. */
const FACT_TYPES: readonly string[] = CASAPAY_EVENT_TYPES.filter(
  (type) => !type.startsWith('verification_session.'),
);

function split(type: string): [string, string] {
  const dot = type.lastIndexOf('.');
  return dot < 0 ? [type, ''] : [type.slice(0, dot), type.slice(dot + 1)];
}

/** Events of one second follow the lifecycle; everything else follows provider time, then id. */
function casapayOrder(a: SessionEvent, b: SessionEvent): number {
  const stage = (e: SessionEvent) => {
    const [object, status] = split(e.type);
    return object === 'verification_session' && status in RANK ? (RANK[status] as number) : 4;
  };
  return (
    (a.occurredAt ?? 0) - (b.occurredAt ?? 0) ||
    stage(a) - stage(b) ||
    lexical(a.eventId, b.eventId)
  );
}

/** The types a report retrieval records (docs/reports.md), as the documents name them. */
const REPORT_TYPES = [
  'report.retrieval_off',
  'report.attempted',
  'report.retrieved',
  'report.gave_up',
];
/** Findings: a derived `report:` id and one of those types; anything else is a webhook. */
const isFinding = (e: SessionEvent) =>
  e.eventId.startsWith('report:') && REPORT_TYPES.includes(e.type);

export interface CasaPayModelOptions {
  /** Reports are retrieved: a completed session awaits its report (docs/reports.md). */
  readonly awaitReports?: boolean;
}

export function casapayModel(
  events: readonly SessionEvent[],
  options: CasaPayModelOptions = {},
): ModelState {
  const all = distinct(events);
  const ordered = all.filter((e) => !isFinding(e)).sort(casapayOrder);
  const outcomes = new Map<string, string>();
  const kind = (e: SessionEvent) => {
    const [object, what] = split(e.type);
    const declared = e.detail.object;
    if (declared !== null && declared !== undefined && declared !== object) return 'mismatch';
    if (object === 'verification_session' && what in RANK) return 'status';
    return FACT_TYPES.includes(e.type) && text(e.detail.objectId) !== null ? 'fact' : 'unknown';
  };
  const statusOf = (e: SessionEvent) => split(e.type)[1];

  // The winning final: the first final status in order. Everything after it cannot move the status.
  const statusEvents = ordered.filter((e) => kind(e) === 'status');
  const firstFinal = statusEvents.find((e) => RANK[statusOf(e)] === 3);
  let best = -1;
  let finalReached = false;
  for (const e of statusEvents) {
    const rank = RANK[statusOf(e)] as number;
    if (finalReached) outcomes.set(e.eventId, 'session_already_final');
    else if (rank <= best) outcomes.set(e.eventId, 'status_not_forward');
    else {
      outcomes.set(e.eventId, 'applied');
      best = rank;
      finalReached = e === firstFinal;
    }
  }
  const appliedStatus = statusEvents.filter((e) => outcomes.get(e.eventId) === 'applied');
  const status =
    appliedStatus.length === 0
      ? null
      : statusOf(appliedStatus[appliedStatus.length - 1] as SessionEvent);

  for (const e of ordered) {
    if (kind(e) === 'fact') outcomes.set(e.eventId, 'applied');
    if (kind(e) === 'unknown') outcomes.set(e.eventId, 'unknown_event_type');
    if (kind(e) === 'mismatch') outcomes.set(e.eventId, 'object_type_mismatch');
  }
  // The report: the last one named, in order, by any status event or a report.ready event.
  const reports = ordered.flatMap((e) => {
    if (e.type === 'verification_report.ready' && kind(e) === 'fact') return [e.detail.objectId];
    return kind(e) === 'status' && text(e.detail.report) !== null ? [e.detail.report] : [];
  });
  const latest = <T>(prefix: string, build: (e: SessionEvent) => T) => {
    const byId = new Map<string, T>();
    for (const e of ordered)
      if (kind(e) === 'fact' && e.type.startsWith(prefix))
        byId.set(e.detail.objectId as string, build(e));
    return [...byId].sort(([a], [b]) => lexical(a, b)).map(([, value]) => value);
  };
  const documents = latest('document_upload.', (e) => ({
    id: e.detail.objectId as string,
    status: statusOf(e),
    documentType: text(e.detail.documentType),
    rejectionReason: statusOf(e) === 'rejected' ? text(e.detail.rejectionReason) : null,
    reportedAt: e.occurredAt ?? 0,
  }));
  const checks = latest('identity_check.', (e) => ({
    id: e.detail.objectId as string,
    status: statusOf(e),
    checkType: text(e.detail.checkType),
  }));

  const report = reports.at(-1) ?? null;
  const retrieval = reportRetrieval(all.filter(isFinding), report, options, outcomes);

  // The summary, row by row of the outcome table.
  const checkStatuses = checks.map((c) => c.status);
  let outcome: string | null = null;
  let final = false;
  let actions: Record<string, unknown>[] = [];
  const fromReport = reportOutcome(retrieval, checkStatuses, options);
  if (status === 'expired') {
    [outcome, final, actions] = ['expired', true, [{ action: 'remind_applicant' }]];
  } else if (status === 'failed') {
    [outcome, final] = ['failed', true];
  } else if (status === 'completed' && fromReport) {
    [outcome, final] = fromReport;
  } else if (status === 'completed') {
    outcome = checkStatuses.includes('failed')
      ? 'declined'
      : checkStatuses.includes('inconclusive')
        ? 'review'
        : checkStatuses.includes('passed')
          ? 'approved'
          : null;
    final = outcome === 'approved' || outcome === 'declined';
  } else {
    actions = documents
      .filter(
        (d) =>
          d.status === 'rejected' &&
          documents.every(
            (o) =>
              o.status !== 'processed' ||
              o.documentType !== d.documentType ||
              o.reportedAt <= d.reportedAt,
          ),
      )
      .map((d) => ({
        action: 'request_new_document',
        documentId: d.id,
        documentType: d.documentType,
        reason: d.rejectionReason,
      }));
  }
  const times = ordered.map(
    (e) => ((e.detail.sessionCreated as number | undefined) ?? e.occurredAt ?? 0) * 1000,
  );
  return {
    status,
    facts: {
      report,
      documents,
      checks,
      ...(retrieval === undefined ? {} : { verificationReport: retrieval }),
    },
    summary: {
      outcome,
      final,
      actions,
      providerCreatedAt: times.length === 0 ? null : Math.min(...times),
    },
    outcomes,
  };
}

type Retrieval = Record<string, unknown> & {
  readonly retrieval: string;
  readonly status: string | null;
  readonly verified: boolean | null;
  readonly checks: readonly { readonly status: string | null }[];
};

const number = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;
const objects = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value)
    ? value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null)
    : [];

/**
 * The retrieval of the report the webhooks name, in closed form: findings about another report
 * are superseded; of the rest, in order of attempt, kind (off, attempted, retrieved, gave up) and
 * id, the first retrieved-or-gave-up settles it and what follows is settled.
 */
function reportRetrieval(
  findings: readonly SessionEvent[],
  report: unknown,
  options: CasaPayModelOptions,
  outcomes: Map<string, string>,
): Retrieval | null | undefined {
  const kindRank = (e: SessionEvent) => REPORT_TYPES.indexOf(e.type);
  const mine: SessionEvent[] = [];
  for (const e of findings) {
    const id = text(e.detail.reportId);
    if (id === null) outcomes.set(e.eventId, 'unknown_event_type');
    else if (id !== report) outcomes.set(e.eventId, 'report_superseded');
    else mine.push(e);
  }
  mine.sort(
    (a, b) =>
      (number(a.detail.attempt) ?? 0) - (number(b.detail.attempt) ?? 0) ||
      kindRank(a) - kindRank(b) ||
      lexical(a.eventId, b.eventId),
  );
  const settledAt = mine.findIndex(
    (e) => e.type === 'report.retrieved' || e.type === 'report.gave_up',
  );
  const applied = settledAt < 0 ? mine : mine.slice(0, settledAt + 1);
  for (const e of mine) outcomes.set(e.eventId, applied.includes(e) ? 'applied' : 'report_settled');
  if (typeof report !== 'string') return options.awaitReports ? null : undefined;
  if (applied.length === 0 && !options.awaitReports) return undefined;
  const settling = settledAt < 0 ? undefined : mine[settledAt];
  const before = applied.filter((e) => e !== settling);
  const lastBefore = before.at(-1);
  const attemptsWithStatus = before.filter(
    (e) => e.type === 'report.attempted' && text(e.detail.reportStatus) !== null,
  );
  const retrieved = settling?.type === 'report.retrieved' ? settling : undefined;
  return {
    id: report,
    retrieval:
      settling === undefined
        ? before.some((e) => e.type === 'report.attempted')
          ? 'retrying'
          : before.length > 0
            ? 'off'
            : 'due'
        : retrieved
          ? 'retrieved'
          : 'gave_up',
    attempts: Math.max(0, ...applied.map((e) => number(e.detail.attempt) ?? 0)),
    lastError:
      settling?.type === 'report.gave_up'
        ? text(settling.detail.error)
        : lastBefore
          ? text(lastBefore.detail.error)
          : null,
    status: retrieved
      ? text(retrieved.detail.reportStatus)
      : text(attemptsWithStatus.at(-1)?.detail.reportStatus),
    verified: typeof retrieved?.detail.verified === 'boolean' ? retrieved.detail.verified : null,
    selfieMatch: number(retrieved?.detail.selfieMatch),
    documents: objects(retrieved?.detail.documents).flatMap((d) =>
      text(d.id) === null
        ? []
        : [{ id: d.id, documentType: text(d.documentType), status: text(d.status) }],
    ),
    checks: objects(retrieved?.detail.checks).flatMap((c) =>
      text(c.id) === null
        ? []
        : [
            {
              id: c.id,
              checkType: text(c.checkType),
              status: text(c.status),
              score: number(c.score),
            },
          ],
    ),
    archiveKey: text(retrieved?.detail.archiveKey),
    retrievedAt: retrieved?.occurredAt ?? null,
  };
}

/** The report's say on a completed session's outcome (docs/reports.md, "Outcome"), if any. */
function reportOutcome(
  retrieval: Retrieval | null | undefined,
  checkStatuses: readonly string[],
  options: CasaPayModelOptions,
): [string | null, boolean] | undefined {
  if (!retrieval || retrieval.retrieval === 'off') return undefined;
  if (retrieval.retrieval === 'due' || retrieval.retrieval === 'retrying')
    return options.awaitReports ? [null, false] : undefined;
  if (retrieval.retrieval === 'gave_up' || retrieval.status !== 'completed')
    return ['review', false];
  if (retrieval.verified === false) return ['declined', true];
  const failed =
    checkStatuses.includes('failed') || retrieval.checks.some((c) => c.status === 'failed');
  return retrieval.verified === true && !failed ? ['approved', true] : ['review', false];
}

// --- Veriff ------------------------------------------------------------------------------------

const FLOW_STAGE: Record<number, number> = { 7011: 1, 7010: 2, 7008: 3, 7009: 4, 7007: 5 };
/** The statuses Veriff documents (its status table), from the samples rather than the rules. */
const DECISION_STATUSES = Object.keys(VERIFF_DECISIONS);
const FINAL_DECISIONS = ['approved', 'declined', 'expired', 'abandoned'];

export function veriffModel(events: readonly SessionEvent[]): ModelState {
  const all = distinct(events);
  const code = (e: SessionEvent) => e.detail.code as number;
  const isOther = (e: SessionEvent) => typeof e.detail.kind === 'string';
  const isDecision = (e: SessionEvent) => !isOther(e) && e.type.startsWith('decision.');
  const isEvent = (e: SessionEvent) => !isOther(e) && !isDecision(e);
  const knownEvent = (e: SessionEvent) =>
    isEvent(e) && (code(e) === 7001 || code(e) === 7002 || code(e) in FLOW_STAGE);
  const knownDecision = (e: SessionEvent) =>
    isDecision(e) && DECISION_STATUSES.includes(e.detail.status as string);
  const applied = (e: SessionEvent) => knownEvent(e) || knownDecision(e);
  const outcomes = new Map(
    all.map((e) => [
      e.eventId,
      applied(e) ? 'applied' : isOther(e) ? 'unsupported_webhook_kind' : 'unknown_event_type',
    ]),
  );

  const time = (e: SessionEvent) => {
    const ms = Date.parse(String(e.detail.decisionTime ?? ''));
    return Number.isFinite(ms) ? ms : 0;
  };
  const byTime = (a: SessionEvent, b: SessionEvent) =>
    time(a) - time(b) || lexical(a.eventId, b.eventId);
  const decisions = all.filter(knownDecision).sort(byTime);
  const latest = decisions.at(-1);
  const attemptOf = (e: SessionEvent) => text(e.detail.attemptId);

  // Applied events in the documented canonical order: events by stage, then decisions by time.
  const stage = (e: SessionEvent) =>
    isDecision(e)
      ? 2000
      : code(e) === 7001
        ? 1
        : code(e) === 7002
          ? 2
          : 10 + (FLOW_STAGE[code(e)] ?? 90);
  const canonical = all
    .filter(applied)
    .sort((a, b) => stage(a) - stage(b) || time(a) - time(b) || lexical(a.eventId, b.eventId));
  const lastText = (field: string, from = canonical) =>
    from
      .map((e) => text(e.detail[field]))
      .filter((v) => v !== null)
      .at(-1) ?? null;

  const attemptIds = [...new Set(canonical.map(attemptOf))].sort((a, b) =>
    lexical(a ?? '', b ?? ''),
  );
  const attempts = attemptIds.map((attemptId) => {
    const of = canonical.filter((e) => attemptOf(e) === attemptId);
    const eventStatus = of.some((e) => isEvent(e) && code(e) === 7002)
      ? 'submitted'
      : of.some((e) => isEvent(e) && code(e) === 7001)
        ? 'started'
        : null;
    const decision = of.filter(isDecision).sort(byTime).at(-1);
    const flow = of
      .filter((e) => isEvent(e) && code(e) in FLOW_STAGE)
      .sort(
        (a, b) =>
          (FLOW_STAGE[code(a)] as number) - (FLOW_STAGE[code(b)] as number) ||
          lexical(a.eventId, b.eventId),
      )
      .map((e) => ({
        code: code(e),
        action: e.type,
        reason: text(e.detail.reason),
        state: text(e.detail.state),
      }));
    return {
      attemptId,
      status: eventStatus as 'started' | 'submitted' | null,
      decision: decision ? (decision.detail.status as string) : null,
      flow,
    };
  });

  // The status: the latest decision, unless it asked for a resubmission and an attempt with no
  // decision of its own has started or submitted since; before any decision, the furthest event.
  const furthestOf = (list: typeof attempts) =>
    list.some((a) => a.status === 'submitted')
      ? 'submitted'
      : list.some((a) => a.status === 'started')
        ? 'started'
        : null;
  const latestStatus = latest ? (latest.detail.status as string) : null;
  let status: string | null;
  if (latestStatus === null) status = furthestOf(attempts);
  else if (latestStatus !== 'resubmission_requested') status = latestStatus;
  else {
    const newer = attempts.filter(
      (a) => a.decision === null && a.attemptId !== attemptOf(latest as SessionEvent),
    );
    status = furthestOf(newer) ?? latestStatus;
  }

  const decision = latest
    ? {
        status: latest.detail.status,
        attemptId: attemptOf(latest),
        code: latest.detail.code ?? null,
        reason: text(latest.detail.reason),
        reasonCode: latest.detail.reasonCode ?? null,
        decisionTime: text(latest.detail.decisionTime),
        riskLabels: ((latest.detail.riskLabels ?? []) as [string, string | null][]).map(
          ([label, category]) => ({ label, category }),
        ),
      }
    : null;
  const acceptanceTime = lastText('acceptanceTime', canonical.filter(isDecision));
  const accepted = Date.parse(acceptanceTime ?? '');
  return {
    status,
    facts: {
      vendorData: lastText('vendorData'),
      endUserId: lastText('endUserId'),
      acceptanceTime,
      attempts,
      decision,
    },
    summary: {
      outcome: status !== null && DECISION_STATUSES.includes(status) ? status : null,
      final: FINAL_DECISIONS.includes(status ?? ''),
      actions:
        status === 'resubmission_requested' && decision
          ? [
              {
                action: 'resubmit',
                attemptId: decision.attemptId,
                reasonCode: decision.reasonCode,
                reason: decision.reason,
              },
            ]
          : status === 'expired' || status === 'abandoned'
            ? [{ action: 'remind_applicant' }]
            : [],
      providerCreatedAt: Number.isFinite(accepted) ? accepted : null,
    },
    outcomes,
  };
}
