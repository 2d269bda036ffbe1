// Starts the local AWS emulators from npm, bound to loopback: fauxqs for SQS, DynamoDB Local (Java).
import { startFauxqs } from 'fauxqs';

export interface Emulator {
  /** The endpoint SDK clients are pointed at. */
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Region and credentials for the emulators: they accept anything, the SDK insists on something. */
export const LOCAL_AWS = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
} as const;

export async function startSqsEmulator(port = 0): Promise<Emulator> {
  const server = await startFauxqs({ host: 'localhost', port, logger: false });
  return {
    endpoint: `http://127.0.0.1:${server.port}`,
    stop: () => server.stop(),
  };
}
