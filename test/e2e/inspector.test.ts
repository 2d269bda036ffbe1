// The inspector in real headless Chromium against `npm start` (with --forward-to, as FORWARD_TO,
// to an endpoint of the test's that refuses each change once): a lifecycle sent through the send
// panel appears live in the open sessions list, its timeline opens from the keyboard, duplicates
// are counted, the list filters without reloading, a replayed quarantine entry leaves the list.
// Every page passes axe-core's WCAG 2.1 AA rules at desktop and narrow widths and shows no
// applicant data; the screenshots it takes are the README's (IDV_UPDATE_SCREENSHOTS=1 writes them
// to docs/images/).
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEV_SECRET_DOCUMENTS } from '../../functions/local/dev-secrets.js';
import { LOCAL_AWS } from '../../functions/local/emulators.js';
import { type LocalState, readLocalState } from '../../functions/local/local-state.js';
import { casapaySample } from '../../functions/local/samples.js';
import { SCENARIOS } from '../../functions/local/scenarios.js';
import { signatureHeaders } from '../../functions/local/signed-request.js';
import { toSqsMessage } from '../../functions/queue/queued-webhook.js';
import { DynamoDbQuarantine, quarantineKey } from '../../functions/storage/quarantine.js';
import { accessibilityViolations, type Browser, launchChromium } from '../support/browser.js';
import { SEED_PII } from '../support/fixtures.js';
import { type RunningLocalMode, startLocalMode } from '../support/local-mode.js';
import { rawRequest } from '../support/raw-http.js';

const SCREENSHOTS = '.reports/inspector';
const DOCS_IMAGES = 'docs/images';
const NARROW = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

let endpoint: Server;
let local: RunningLocalMode;
let state: LocalState;
let browser: Browser;
/** Every error a page reported (a script error, a refused resource, a CSP violation). */
const pageErrors: string[] = [];
/** Every page the tests visited, to check them all for applicant data and accessibility. */
const visited = new Set<string>();
/** The sessions the panel created, by scenario. */
const sessions: Record<string, string> = {};

/** Why there is no browser: then every test fails with that one line (none is skipped). */
let unavailable: Error | undefined;

beforeAll(async () => {
  try {
    browser = await launchChromium();
  } catch (error) {
    unavailable = error instanceof Error ? error : new Error(String(error));
    return;
  }
  const refusedOnce = new Set<string>();
  endpoint = createServer(async (request, response) => {
    for await (const _ of request);
    const id = String(request.headers['webhook-id']);
    const first = !refusedOnce.has(id);
    refusedOnce.add(id);
    response.writeHead(first ? 503 : 204).end();
  });
  endpoint.listen(0, '127.0.0.1');
  await once(endpoint, 'listening');
  const { port } = endpoint.address() as { port: number };
  local = await startLocalMode({ FORWARD_TO: `http://127.0.0.1:${port}/idv` });
  state = readLocalState(local.statePath);
}, 90_000);

beforeEach(() => {
  if (unavailable) throw unavailable;
});

afterAll(async () => {
  await browser?.close();
  await local?.stop();
  await new Promise<void>((resolve) => (endpoint ? endpoint.close(() => resolve()) : resolve()));
});

async function open(path: string): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${path}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`${path}: ${message.text()}`);
  });
  await page.goto(`${local.url}${path}`);
  visited.add(path);
  return page;
}

/** Waits until the page's event stream is connected. */
const liveOn = (page: Page) => page.waitForSelector('#live-state[data-state="on"]');

/** Marks the document, to tell later that it was never reloaded. */
const mark = (page: Page) =>
  page.evaluate(() => {
    (globalThis as { inspectorTest?: string }).inspectorTest = 'same document';
  });
/** How often the page's event stream was opened (once, unless it had to reconnect). */
const opens = (page: Page) => page.locator('[data-live]').getAttribute('data-opens');
const sameDocument = (page: Page) =>
  page.evaluate(() => (globalThis as { inspectorTest?: string }).inspectorTest);

/** Presses Tab until `selector` has the focus; fails if it never gets it. */
async function tabTo(page: Page, selector: string): Promise<number> {
  for (let presses = 1; presses <= 60; presses++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate((wanted) => {
      const { document } = globalThis as unknown as {
        document: { activeElement: { matches(s: string): boolean } | null };
      };
      return document.activeElement?.matches(wanted) ?? false;
    }, selector);
    if (focused) return presses;
  }
  throw new Error(`${selector} never got the focus from the keyboard`);
}

const rowsOf = (page: Page, table: string) =>
  page
    .locator(`table.${table} tbody tr`)
    .evaluateAll((rows) =>
      rows.map((row) => (row as unknown as { dataset: Record<string, string> }).dataset),
    );

async function sendScenario(page: Page, scenario: string, copies = 1): Promise<string> {
  const form = page.locator('form.scenario', {
    has: page.getByRole('heading', { name: scenario, exact: true }),
  });
  if (copies !== 1) await form.getByLabel('Deliveries of each').fill(String(copies));
  await form.getByRole('button', { name: `Send ${scenario}` }).click();
  await page.waitForURL(/\/inspector\/send\?sent=/);
  const heading = await page.locator('#sent-heading').textContent();
  expect(heading).toMatch(/: (\d+) of \1 accepted$/);
  const session = (await page.locator('#sent a.id').textContent()) ?? '';
  expect(session).not.toBe('');
  sessions[scenario] = session;
  return session;
}

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = `${SCREENSHOTS}/${name}.png`;
  await page.screenshot({ path, fullPage: true });
  if (process.env.IDV_UPDATE_SCREENSHOTS === '1') {
    mkdirSync(DOCS_IMAGES, { recursive: true });
    copyFileSync(path, `${DOCS_IMAGES}/${name}.png`);
  }
}

describe('the inspector in a browser', () => {
  it('is served by npm start at / on the webhook port, to loopback host names only', async () => {
    expect(local.output()).toContain(`inspector: open ${local.url}/ in a browser`);
    const page = await fetch(`${local.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<h1>Sessions</h1>');
    // A page of another site reaching loopback through DNS rebinding names its own host.
    const rebound = await rawRequest(
      Number(new URL(local.url).port),
      Buffer.from('GET / HTTP/1.1\r\nhost: attacker.example:3000\r\nconnection: close\r\n\r\n'),
      10_000,
    );
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body.toString('utf8'))).toMatchObject({ error: 'forbidden' });
    // A form posted from another site is refused before anything is sent.
    const forged = await fetch(`${local.url}/inspector/quarantine/replay`, {
      method: 'POST',
      headers: {
        origin: 'http://attacker.example',
        'content-type': 'application/x-www-form-urlencoded',
      },
    });
    expect(forged.status).toBe(403);
    // The API's own answers are unchanged.
    const api = await fetch(`${local.url}/`, { method: 'POST' });
    expect([api.status, await api.json()]).toEqual([404, { message: 'Not Found' }]);
  });

  it('shows a lifecycle sent through the send panel appearing live in the open sessions list', async () => {
    const list = await open('/');
    await liveOn(list);
    await mark(list);
    const panel = await open('/inspector/send');
    const session = await sendScenario(panel, 'casapay-happy-path');
    const row = list.locator(`tr[data-session="casapay/${session}"]`);
    // The consumer is asynchronous: the row comes, then its 7 webhooks and the retrieval of its
    // report (local mode retrieves CasaPay reports: docs/reports.md), whose outcome it shows, each
    // without a reload.
    await row.locator('.outcome-approved').waitFor({ timeout: 20_000 });
    await row.locator('td[data-label="Events"]', { hasText: /^8$/ }).waitFor({ timeout: 20_000 });
    expect(await row.locator('td[data-label="Status"]').textContent()).toBe('completed');
    expect(await sameDocument(list)).toBe('same document');
    // Heard on the one event stream opened with the page, not fetched by a reconnection.
    expect(await opens(list)).toBe('1');
    await sendScenario(panel, 'veriff-resubmission');
    await sendScenario(panel, 'casapay-rejected-document');
    await list
      .locator(`tr[data-session="casapay/${sessions['casapay-rejected-document']}"]`)
      .getByText('request_new_document', { exact: false })
      .waitFor({ timeout: 20_000 });
    expect(await sameDocument(list)).toBe('same document');
    expect(await opens(list)).toBe('1');
    await list.close();
    await panel.close();
  });

  it('opens a timeline from the list with the keyboard: both orders, the changes and their deliveries', async () => {
    const session = sessions['casapay-happy-path'] ?? '';
    const list = await open(`/?q=${session}`);
    const link = `a[href="/inspector/sessions/casapay/${session}"]`;
    await tabTo(list, link);
    await list.keyboard.press('Enter');
    await list.waitForURL(`**/inspector/sessions/casapay/${session}`);
    visited.add(`/inspector/sessions/casapay/${session}`);
    const canonical = await list.locator('table.timeline tbody tr .type').allTextContents();
    // The scenario's events are a second apart in provider time: canonical order is the
    // order the provider sent them in, whatever order they arrived in.
    // The report's retrieval, an event of the session too, comes after them; the retrieval job
    // that recorded it is its one delivery.
    const sent = SCENARIOS['casapay-happy-path']?.webhooks(session, new Date()) ?? [];
    expect(canonical).toEqual([...sent.map((webhook) => webhook.label), 'report.retrieved']);
    expect(canonical).toHaveLength(8);
    expect(await list.locator('.count').first().textContent()).toBe(
      '8 distinct events, 8 deliveries received.',
    );
    // Each change was refused once by the endpoint, then delivered on the retry a second later.
    const newest = list.locator('table.changes tbody tr').first();
    await newest.getByText('HTTP 204 delivered').waitFor({ timeout: 20_000 });
    expect(await newest.locator('.attempts li').allTextContents()).toEqual([
      expect.stringMatching(/attempt 1: HTTP 503$/),
      expect.stringMatching(/attempt 2: HTTP 204 delivered$/),
    ]);
    expect(await newest.locator('td[data-label="Outcome"]').textContent()).toBe('approved (final)');

    // Arrival order: by the receipt time of each event.
    await tabTo(list, 'a[href$="?order=arrival"]');
    await list.keyboard.press('Enter');
    await list.waitForURL(/order=arrival/);
    const received = await list
      .locator('table.timeline tbody td[data-label="Received"] time')
      .evaluateAll((times) => times.map((t) => t.getAttribute('datetime') ?? ''));
    expect(received).toEqual([...received].sort());
    expect(received).toHaveLength(8);
    await list.close();
  });

  it('counts the duplicates received for each event', async () => {
    const panel = await open('/inspector/send');
    const session = await sendScenario(panel, 'veriff-approval', 3);
    await panel.getByRole('link', { name: 'open its timeline' }).click();
    await panel.waitForURL(`**/inspector/sessions/veriff/${session}`);
    visited.add(`/inspector/sessions/veriff/${session}`);
    // Live: the page fills in as the consumer takes the nine deliveries.
    await panel
      .locator('p.count', { hasText: '3 distinct events, 9 deliveries received.' })
      .waitFor({
        timeout: 20_000,
      });
    const deliveries = await panel
      .locator('table.timeline .deliveries')
      .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-deliveries')));
    expect(deliveries).toEqual(['3', '3', '3']);
    expect(await opens(panel)).toBe('1');
    expect(await panel.locator('table.timeline .dupes').allTextContents()).toEqual([
      '(2 duplicates)',
      '(2 duplicates)',
      '(2 duplicates)',
    ]);
    await panel.close();
  });

  it('filters the list by provider, outcome and free text, without reloading', async () => {
    const list = await open('/');
    await liveOn(list);
    await mark(list);
    const shown = async () => (await rowsOf(list, 'sessions')).map((row) => row.session);
    await list.getByLabel('Provider').selectOption('veriff');
    await list.waitForURL(/provider=veriff/);
    await list.waitForFunction(() => {
      const { document } = globalThis as unknown as {
        document: { querySelectorAll(s: string): { length: number } };
      };
      return document.querySelectorAll('tr[data-session^="casapay/"]').length === 0;
    });
    expect((await shown()).sort()).toEqual(
      [`veriff/${sessions['veriff-resubmission']}`, `veriff/${sessions['veriff-approval']}`].sort(),
    );
    await list.getByLabel('Provider').selectOption('');
    await list.getByLabel('Outcome').selectOption('none');
    await list.waitForURL(/outcome=none/);
    await list
      .locator(`tr[data-session="casapay/${sessions['casapay-rejected-document']}"]`)
      .waitFor();
    await list.waitForFunction(() => {
      const { document } = globalThis as unknown as {
        document: { querySelectorAll(s: string): { length: number } };
      };
      return document.querySelectorAll('table.sessions tbody tr').length === 1;
    });
    await list.getByLabel('Outcome').selectOption('');
    const id = sessions['casapay-happy-path'] ?? '';
    await list.getByLabel('Id contains').fill(id.slice(3, 10).toUpperCase());
    await list.waitForURL(new RegExp(`q=${id.slice(3, 10).toUpperCase()}`));
    await list.waitForFunction(() => {
      const { document } = globalThis as unknown as {
        document: { querySelectorAll(s: string): { length: number } };
      };
      return document.querySelectorAll('table.sessions tbody tr').length === 1;
    });
    expect(await shown()).toEqual([`casapay/${id}`]);
    expect(await sameDocument(list)).toBe('same document');
    await list.close();
  });

  it('replays the quarantine: a fixed entry leaves the list for good, an unreadable one comes back', async () => {
    // As if an older version of the consumer had not read this valid webhook: quarantined whole.
    const replayedSession = `vs_replayed_${randomUUID().slice(0, 6)}`;
    const body = casapaySample('verification_session.created', {
      session: replayedSession,
      created: Math.floor(Date.now() / 1000),
    });
    const message = toSqsMessage(
      {
        provider: 'casapay',
        body: Buffer.from(body),
        receivedAt: Date.now(),
        requestId: randomUUID(),
      },
      'basic',
    );
    const dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint: state.dynamodbEndpoint });
    await new DynamoDbQuarantine(dynamodb, state.quarantineTable).keep({
      messageId: randomUUID(),
      messageBody: message.MessageBody,
      attributes: Object.fromEntries(
        Object.entries(message.MessageAttributes).map(([name, value]) => [name, value.StringValue]),
      ),
      provider: 'casapay',
      reason: 'invalid_shape',
      detail: 'data.object: expected Object',
    });
    dynamodb.destroy();
    const fixed = quarantineKey('casapay', message.MessageBody);

    const page = await open('/inspector/quarantine');
    await liveOn(page);
    // An unreadable webhook, quarantined for real while the page is open, with the applicant's name.
    const unreadable = `not json: ${SEED_PII.join(' ')}`;
    const sent = await fetch(`${local.url}/webhooks/casapay`, {
      method: 'POST',
      headers: signatureHeaders('casapay', unreadable, DEV_SECRET_DOCUMENTS),
      body: unreadable,
    });
    expect(sent.status).toBe(200);
    const broken = page.locator('section.group', { hasText: 'not_json' }).locator('tbody tr');
    await broken.waitFor({ timeout: 20_000 });
    expect(await opens(page)).toBe('1');
    expect(
      await page.locator(`tr[data-entry="${fixed}"] td[data-label="Detail"]`).textContent(),
    ).toBe('data.object: expected Object');
    await screenshot(page, 'inspector-quarantine');

    await page.getByRole('button', { name: /^Replay all 2/ }).click();
    await page.waitForURL(/replayed=/);
    // Both were sent again; the unreadable one may be quarantined again before its entry is
    // removed, and is then kept (counted apart), as the command line tool reports it.
    const notice = (await page.locator('.notice.ok').textContent()) ?? '';
    const [, replayed = '0', kept = '0'] =
      /Replayed (\d+) messages?[^;.]*(?:; (\d+) quarantined again)?/.exec(notice) ?? [];
    expect(Number(replayed) + Number(kept), notice).toBe(2);
    expect(await page.locator(`tr[data-entry="${fixed}"]`).count()).toBe(0);
    // The consumer reads the fixed one this time: its session appears. The other is back.
    await broken.waitFor({ timeout: 20_000 });
    const view = await fetch(`${local.url}/sessions/casapay/${replayedSession}`);
    expect(view.status).toBe(200);
    expect(await page.locator(`tr[data-entry="${fixed}"]`).count()).toBe(0);
    expect(await page.locator('tbody tr').count()).toBe(1);
    await page.close();
  });

  it('passes the WCAG 2.1 AA checks at desktop and narrow widths, with no applicant data and no page error', async () => {
    // The checker finds what it must: an unlabelled field and low-contrast text.
    const probe = await browser.context.newPage();
    await probe.setContent(
      '<html lang="en"><title>probe</title><main><input type="text"><p style="color:#bbb">faint</p></main></html>',
    );
    expect((await accessibilityViolations(probe)).map((v) => v.id)).toEqual(
      expect.arrayContaining(['label', 'color-contrast']),
    );
    await probe.close();
    const happy = `/inspector/sessions/casapay/${sessions['casapay-happy-path']}`;
    const shots: Record<string, string> = {
      '/': 'inspector-sessions',
      [happy]: 'inspector-timeline',
      '/inspector/send': 'inspector-send',
    };
    for (const path of new Set([...visited, ...Object.keys(shots)])) {
      for (const viewport of [DESKTOP, NARROW]) {
        const page = await open(path);
        await page.setViewportSize(viewport);
        const violations = await accessibilityViolations(page);
        expect(violations, `${path} at ${viewport.width} px`).toEqual([]);
        const content = await page.content();
        for (const pii of SEED_PII) expect(content, path).not.toContain(pii);
        const name = shots[path];
        if (name) await screenshot(page, viewport === NARROW ? `${name}-narrow` : name);
        await page.close();
      }
    }
    expect(pageErrors).toEqual([]);
    // Every visited page twice, with axe each time: a minute or more when the machine is busy.
  }, 180_000);
});
