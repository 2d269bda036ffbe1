// Mistakes in setting up local mode (no Java, a port in use, a malformed secret document): each is
// one line that says what is wrong and what to do, printed without a stack trace.

/** A setup problem whose message is the whole story for the person running `npm start`. */
export class LocalSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalSetupError';
  }
}
