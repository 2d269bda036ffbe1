// The repository's own text files hold no leftover merge conflict: a README that renders
// `<<<<<<< HEAD` to a new user passes every other check.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const TEXT = /\.(ts|tsx|js|mjs|json|md|yml|yaml|css|html|sh)$|^\.ci\/run$/;
// A marker is alone at the start of a line, as git writes it; a test may spell one inside a string.
const CONFLICT_MARKER = /^(<{7}|={7}|>{7})(\s|$)/m;

describe('repository files', () => {
  it('hold no merge conflict markers', () => {
    const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter((path) => TEXT.test(path) && path !== 'package-lock.json');
    expect(tracked.length).toBeGreaterThan(100);
    const conflicted = tracked.filter((path) =>
      CONFLICT_MARKER.test(readFileSync(`${root}/${path}`, 'utf8')),
    );
    expect(conflicted).toEqual([]);
  });
});
