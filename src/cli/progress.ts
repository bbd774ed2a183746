/**
 * A progress bar on stderr for long reads: only on a TTY, only once a read has taken more than
 * half a second, redrawn at most ten times a second, and erased when done.
 */
export function createProgress(enabled: boolean): { update(file: string, done: number, total: number | undefined): void; clear(): void } {
  const started = Date.now();
  let last = 0;
  let shown = false;
  return {
    update(file, done, total) {
      if (!enabled) return;
      const now = Date.now();
      if (now - started < 500 || now - last < 100) return;
      last = now;
      const mb = (done / 1048576).toFixed(0);
      const name = file.length > 40 ? `…${file.slice(-39)}` : file;
      let line: string;
      if (total) {
        const frac = Math.min(1, done / total);
        const width = 24;
        const fill = Math.round(frac * width);
        line = `${name} [${'#'.repeat(fill)}${'-'.repeat(width - fill)}] ${(frac * 100).toFixed(0)}% ${mb} MB`;
      } else line = `${name} ${mb} MB`;
      process.stderr.write(`\r\x1b[2K${line}`);
      shown = true;
    },
    clear() {
      if (shown) process.stderr.write('\r\x1b[2K');
      shown = false;
    },
  };
}
