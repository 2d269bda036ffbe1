// The send panel's page: one form per scenario of `npm run send` (its steps, the order, how many
// deliveries of each, the session), and the answers of the last send. Pure.
import type { Scenario } from '../functions/local/scenarios.js';
import { html, type SafeHtml } from './html.js';
import { page, sessionHref } from './layout.js';
import { MAX_COPIES, type SendRequest, type SentWebhook } from './send-panel.js';

/** What a send did, shown once after it. */
export interface SendResult {
  readonly request: SendRequest;
  readonly provider: string;
  readonly session: string;
  readonly sent: readonly SentWebhook[];
}

const ORDER_LABELS = {
  provider: 'as the provider sends them',
  reversed: 'reversed (newest first)',
  shuffled: 'shuffled',
} as const;

/** The command line that sends the same, when `npm run send` has one for it. */
function commandFor(result: SendResult, stepCount: number): string | undefined {
  const { request } = result;
  const whole = request.steps.length === stepCount && request.order === 'provider';
  return whole && request.copies === 1 && request.session === undefined
    ? `npm run send -- scenario ${request.scenario}`
    : undefined;
}

function resultSection(
  result: SendResult,
  scenarios: Readonly<Record<string, Scenario>>,
): SafeHtml {
  const accepted = result.sent.filter((s) => s.status === 200).length;
  const all = accepted === result.sent.length;
  const steps = scenarios[result.request.scenario]?.webhooks('preview', new Date(0)).length ?? 0;
  const command = commandFor(result, steps);
  return html`<section class="sent ${all ? 'ok' : 'failed'}" aria-labelledby="sent-heading" tabindex="-1" id="sent">
<h2 id="sent-heading">Sent ${result.request.scenario}: ${accepted} of ${result.sent.length} accepted</h2>
<p>Session <a class="id" href="${sessionHref(result.provider, result.session)}">${result.session}</a>: <a href="${sessionHref(result.provider, result.session)}">open its timeline</a>.${command ? html` The same from a terminal: <code>${command}</code>.` : ''}</p>
<div class="table-wrap"><table class="sent-list">
<caption class="visually-hidden">Each delivery and its answer</caption>
<thead><tr><th scope="col">#</th><th scope="col">Webhook</th><th scope="col">Answer</th><th scope="col">Request id</th></tr></thead>
<tbody>${result.sent.map(
    (s, i) =>
      html`<tr><td data-label="#">${i + 1}</td><td data-label="Webhook">${s.label}</td><td data-label="Answer">${s.status === null ? `no answer (${s.error ?? 'error'})` : `HTTP ${s.status}${s.error ? ` ${s.error}` : ''}`}</td><td data-label="Request id">${s.requestId ? html`<code class="id small">${s.requestId}</code>` : html`<span class="none">–</span>`}</td></tr>`,
  )}</tbody></table></div>
</section>`;
}

function scenarioForm(name: string, scenario: Scenario, index: number): SafeHtml {
  const steps = scenario.webhooks('preview', new Date(0));
  const id = (part: string) => `s${index}-${part}`;
  return html`<form method="post" action="/inspector/send" class="scenario" aria-labelledby="${id('title')}">
<h2 id="${id('title')}">${name}</h2>
<p class="description">${scenario.provider}: ${scenario.description}</p>
<input type="hidden" name="scenario" value="${name}">
<fieldset><legend>Steps</legend>
<ol class="steps">${steps.map(
    (step, i) =>
      html`<li><input type="checkbox" name="step" value="${i}" id="${id(`step-${i}`)}" checked> <label for="${id(`step-${i}`)}">${step.label}</label></li>`,
  )}</ol></fieldset>
<div class="options">
<div class="field"><label for="${id('order')}">Order</label>
<select id="${id('order')}" name="order">${Object.entries(ORDER_LABELS).map(
    ([value, label]) => html`<option value="${value}">${label}</option>`,
  )}</select></div>
<div class="field"><label for="${id('copies')}">Deliveries of each</label>
<input id="${id('copies')}" name="copies" type="number" min="1" max="${MAX_COPIES}" value="1" inputmode="numeric"></div>
<div class="field grow"><label for="${id('session')}">Session id</label>
<input id="${id('session')}" name="session" type="text" maxlength="256" autocomplete="off" spellcheck="false" placeholder="a new one" aria-describedby="${id('session-help')}">
<p class="help" id="${id('session-help')}">Leave empty for a new session, or add to one you sent before.</p></div>
</div>
<button type="submit">Send ${name}</button>
</form>`;
}

export function sendPage(
  scenarios: Readonly<Record<string, Scenario>>,
  result?: SendResult,
  problem?: string,
): SafeHtml {
  return page({
    title: 'Send',
    section: 'send',
    body: html`<p class="lead">The signed sample webhooks and scenarios of <code>npm run send</code>, POSTed to this local mode as the provider would send them. Deliver them out of order or more than once to watch the state converge and the duplicates counted.</p>
${problem ? html`<p class="notice failed" role="alert">${problem}</p>` : ''}
${result ? resultSection(result, scenarios) : ''}
<div class="scenarios">${Object.entries(scenarios).map(([name, scenario], i) => scenarioForm(name, scenario, i))}</div>`,
  });
}
