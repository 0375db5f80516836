// The child side of a load generator: take the plan the parent sends, let it connect, start
// the measured part on the parent's "go", and report a failure before exiting.
export function runPlan<P extends { type: 'plan' }>(run: (plan: P, go: Promise<void>) => Promise<void>): void {
  let release: () => void = () => undefined;
  const go = new Promise<void>((resolve) => (release = resolve));
  const reportError = (message: string) => new Promise<void>((resolve) => process.send!({ type: 'error', message }, undefined, {}, () => resolve()));
  process.on('message', (message: P | { type: 'go' }) => {
    if (message.type === 'go') release();
    if (message.type === 'plan') {
      run(message as P, go).then(
        () => process.exit(0),
        async (err: unknown) => {
          await reportError(String((err as Error)?.stack ?? err));
          process.exit(1);
        },
      );
    }
  });
  process.on('disconnect', () => process.exit(0));
}
