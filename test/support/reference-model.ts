// The reference model of session state: a plain function from a set of events to the state the
// documents describe, written from docs/state-machine.md in closed form (who wins, by which rule)
// rather than as a fold, and sharing no code with the engine or the provider rules. The real
// consumer is compared against it.
import type { SessionEvent } from '../../functions/sessions/session-event.js';

export interface ModelState {
  readonly status: string | null;
  readonly facts: unknown;
  /** eventId -> 'applied' or the reason it is not. */
  readonly outcomes: ReadonlyMap<string, string>;
}

const lexical = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const distinct = (events: readonly SessionEvent[]) => [
  ...new Map(events.map((e) => [e.eventId, e])).values(),
];

// --- CasaPay -----------------------------------------------------------------------------------

const RANK: Record<string, number> = {
  created: 0,
  pending: 1,
  processing: 2,
  completed: 3,
  expired: 3,
  failed: 3,
};

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

export function casapayModel(events: readonly SessionEvent[]): ModelState {
  const ordered = distinct(events).sort(casapayOrder);
  const outcomes = new Map<string, string>();
  const kind = (e: SessionEvent) => {
    const [object, what] = split(e.type);
    if (e.detail.object !== null && e.detail.object !== object) return 'mismatch';
    if (object === 'verification_session' && what in RANK) return 'status';
    const known = [
      'verification_report.ready',
      'document_upload.processed',
      'document_upload.rejected',
      'identity_check.passed',
      'identity_check.failed',
    ];
    return known.includes(e.type) &&
      typeof e.detail.objectId === 'string' &&
      e.detail.objectId !== ''
      ? 'fact'
      : 'unknown';
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
  // The report: the last one named, in order, by an applied status event or a report.ready event.
  const reports = ordered.flatMap((e) => {
    if (outcomes.get(e.eventId) !== 'applied') return [];
    if (e.type === 'verification_report.ready') return [e.detail.objectId as string];
    return kind(e) === 'status' && typeof e.detail.report === 'string' && e.detail.report !== ''
      ? [e.detail.report]
      : [];
  });
  const latest = (prefix: string) => {
    const byId = new Map<string, string>();
    for (const e of ordered)
      if (kind(e) === 'fact' && e.type.startsWith(prefix))
        byId.set(e.detail.objectId as string, statusOf(e));
    return [...byId].map(([id, s]) => ({ id, status: s })).sort((a, b) => lexical(a.id, b.id));
  };
  return {
    status,
    facts: {
      report: reports.at(-1) ?? null,
      documents: latest('document_upload.'),
      checks: latest('identity_check.'),
    },
    outcomes,
  };
}

// --- Veriff ------------------------------------------------------------------------------------

const FLOW_STAGE: Record<number, number> = { 7011: 1, 7010: 2, 7008: 3, 7009: 4, 7007: 5 };

export function veriffModel(events: readonly SessionEvent[]): ModelState {
  const all = distinct(events);
  const code = (e: SessionEvent) => e.detail.code as number;
  const known = (e: SessionEvent) => code(e) === 7001 || code(e) === 7002 || code(e) in FLOW_STAGE;
  const outcomes = new Map(
    all.map((e) => [e.eventId, known(e) ? 'applied' : 'unknown_event_type']),
  );
  const status = all.some((e) => code(e) === 7002)
    ? 'submitted'
    : all.some((e) => code(e) === 7001)
      ? 'started'
      : null;
  const attemptIds = [
    ...new Set(
      all
        .filter(known)
        .flatMap((e) => (typeof e.detail.attemptId === 'string' ? [e.detail.attemptId] : [])),
    ),
  ];
  const attempts = attemptIds.sort(lexical).map((attemptId) => {
    const of = all.filter((e) => e.detail.attemptId === attemptId);
    const attemptStatus = of.some((e) => code(e) === 7002)
      ? 'submitted'
      : of.some((e) => code(e) === 7001)
        ? 'started'
        : null;
    return { attemptId, status: attemptStatus };
  });
  const flows = all
    .filter((e) => code(e) in FLOW_STAGE)
    .sort(
      (a, b) =>
        (FLOW_STAGE[code(a)] as number) - (FLOW_STAGE[code(b)] as number) ||
        lexical(a.eventId, b.eventId),
    );
  const furthest = flows.at(-1);
  const flow = furthest
    ? {
        action: furthest.type,
        code: code(furthest),
        reason: (furthest.detail.reason as string | null) ?? null,
        state: (furthest.detail.state as string | null) ?? null,
        attemptId: (furthest.detail.attemptId as string | null) ?? null,
      }
    : null;
  return { status, facts: { attempts, flow }, outcomes };
}
