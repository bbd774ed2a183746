// The benchmark's baseline: read a file in 4 MiB chunks and count its newlines.
import { openSync, readSync } from 'node:fs';
const fd = openSync(process.argv[2], 'r');
const buf = Buffer.allocUnsafe(4 << 20);
let lines = 0;
let n;
while ((n = readSync(fd, buf, 0, buf.length, null)) > 0) {
  let p = buf.indexOf(10);
  while (p >= 0 && p < n) {
    lines++;
    p = buf.indexOf(10, p + 1);
  }
}
console.log(lines);
