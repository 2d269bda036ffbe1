// Packs the npm package and installs it into a fresh app folder, offline: the lockfile of that app
// is cut from this repository's own (whose packages `npm ci` has put in the npm cache), so
// `npm ci --offline` needs no registry at all.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

interface LockEntry {
  readonly version: string;
  readonly integrity?: string;
  readonly resolved?: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly inBundle?: boolean;
  readonly [key: string]: unknown;
}
type LockPackages = Readonly<Record<string, LockEntry>>;

/** Runs a command; throws with its output when it fails. */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): string {
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

export interface PackedTarball {
  readonly path: string;
  readonly files: readonly string[];
}

/** `npm pack` (which builds dist/ through prepack) into `destination`. */
export function packTarball(destination: string): PackedTarball {
  mkdirSync(destination, { recursive: true });
  const report = JSON.parse(
    run('npm', ['pack', '--json', '--pack-destination', destination], { cwd: repoRoot }),
  ) as { filename: string; files: { path: string }[] }[];
  const [packed] = report;
  if (!packed) throw new Error('npm pack reported nothing');
  return { path: join(destination, packed.filename), files: packed.files.map((f) => f.path) };
}

/** The lock entries `names` need, where this repository's lockfile placed them. */
function closure(packages: LockPackages, names: readonly string[]): Record<string, LockEntry> {
  const found: Record<string, LockEntry> = {};
  const locate = (from: string, name: string): string | undefined => {
    for (let base = from; ; ) {
      const path = `${base ? `${base}/` : ''}node_modules/${name}`;
      if (packages[path]) return path;
      if (!base) return undefined;
      const parent = base.lastIndexOf('/node_modules/');
      base = parent < 0 ? '' : base.slice(0, parent);
    }
  };
  const visit = (path: string) => {
    const entry = packages[path];
    if (!entry || found[path]) return;
    // The repository's dev and peer flags mean nothing in the app's tree.
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...kept } = entry;
    found[path] = kept as LockEntry;
    for (const [child, childEntry] of Object.entries(packages)) {
      if (child.startsWith(`${path}/node_modules/`) && childEntry.inBundle) visit(child);
    }
    for (const dependency of Object.keys({ ...entry.dependencies, ...entry.peerDependencies })) {
      const located = locate(path, dependency);
      if (located) visit(located);
    }
  };
  for (const name of names) {
    const path = locate('', name);
    if (!path) throw new Error(`${name} is not in package-lock.json`);
    visit(path);
  }
  return found;
}

/**
 * Writes `dir`/package.json and a lockfile for an app that depends on the tarball plus
 * `dependencies` and `devDependencies` (names from this repository's lockfile, same versions),
 * then installs it with `npm ci --offline`.
 */
export function installApp(
  dir: string,
  tarball: string,
  dependencies: readonly string[],
  devDependencies: readonly string[],
): void {
  const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as {
    packages: LockPackages;
  };
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    dependencies: Record<string, string>;
    peerDependencies: Record<string, string>;
  };
  const versionOf = (name: string) => {
    const entry = lock.packages[`node_modules/${name}`];
    if (!entry) throw new Error(`${name} is not in package-lock.json`);
    return entry.version;
  };
  const pinned = (names: readonly string[]) =>
    Object.fromEntries(names.map((name) => [name, versionOf(name)]));
  const spec = `file:${tarball}`;
  const root = {
    name: 'idv-webhooks-user-app',
    version: '1.0.0',
    private: true,
    type: 'module',
    dependencies: { [manifest.name]: spec, ...pinned(dependencies) },
    devDependencies: pinned(devDependencies),
  };
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  const { private: _private, type: _type, ...rootEntry } = root;
  const packages = {
    '': rootEntry,
    [`node_modules/${manifest.name}`]: {
      version: manifest.version,
      resolved: spec,
      integrity,
      dependencies: manifest.dependencies,
      peerDependencies: manifest.peerDependencies,
    },
    ...closure(lock.packages, [
      ...dependencies,
      ...devDependencies,
      ...Object.keys(manifest.dependencies),
    ]),
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(root, null, 2)}\n`);
  writeFileSync(
    join(dir, 'package-lock.json'),
    `${JSON.stringify({ ...root, lockfileVersion: 3, requires: true, packages }, null, 2)}\n`,
  );
  run('npm', ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir });
}
