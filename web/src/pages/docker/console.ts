/** The console's rules that need no terminal: what a WebSocket close code means, and the sizes the API accepts. */

/** What a close code of the exec socket means for the person at the keyboard. */
export function describeClose(code: number, reason: string): string {
  if (code === 4404) return 'This container no longer exists.';
  if (code === 4409) return 'The container is not running. Start it, then connect again.';
  if (code === 1006) return 'The connection dropped. Check that the docker runner is up, then connect again.';
  return reason ? `The console closed: ${reason}` : `The console closed (code ${code}).`;
}

/** The API takes 10–1000 columns and 5–500 rows; a tiny or hidden terminal must not send less. */
export const clampSize = (cols: number, rows: number) => ({
  cols: Math.min(1000, Math.max(10, cols)),
  rows: Math.min(500, Math.max(5, rows)),
});
