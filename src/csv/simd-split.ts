import { SPLIT_WASM_BASE64 } from './split-wasm.js';

/** What `scan` found after the last record end it wrote. */
export const SPLIT_DONE = 0;
/** A byte that breaks (or may break) the quoting rules: the exact scanner must read that record. */
export const SPLIT_CHECK = 1;
/** The output was full: call again from after the last record end. */
export const SPLIT_MORE = 2;

// The WebAssembly global as far as this module uses it: TypeScript declares it only with the DOM
// library, which a Node program does not load.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
};

interface SplitExports {
  memory: WasmMemory;
  scan(from: number, n: number, delim: number, eol: number, crCheck: number, out: number, cap: number): number;
  status(): number;
}

/** Record ends written per call: two i32 each (the terminator's offset, line breaks inside quotes). */
const CAPACITY = 8192;
/** The splitter reads whole 64-byte blocks: room past the chunk's last byte. */
const SLACK = 64;

/**
 * Finds where CSV records end with a WebAssembly module (src/csv/split.wat): 64 bytes per step
 * with SIMD compares, quoted regions from a prefix XOR of the quote mask, and the quoting rules
 * checked on bit masks. About five times faster than the scanner's byte loop; the scanner still
 * reads whatever it flags, so errors and their places are the scanner's own.
 *
 * One per thread (a module instance and its memory); chunks are copied into that memory.
 */
export class SimdSplitter {
  private static shared: SimdSplitter | null | undefined;
  private readonly api: SplitExports;
  private bytes: Uint8Array;
  private out = 0;
  /** Incremented at each load, so a scan can tell its chunk is still the one in memory. */
  loads = 0;
  lastStatus = SPLIT_DONE;

  private constructor(api: SplitExports) {
    this.api = api;
    this.bytes = new Uint8Array(api.memory.buffer);
  }

  /** This thread's splitter; undefined where WebAssembly SIMD is unavailable or MIGDEV_SIMD=0. */
  static get(): SimdSplitter | undefined {
    if (SimdSplitter.shared === undefined) {
      SimdSplitter.shared = null;
      if (process.env.MIGDEV_SIMD !== '0') {
        try {
          const module = new WebAssembly.Module(Buffer.from(SPLIT_WASM_BASE64, 'base64'));
          SimdSplitter.shared = new SimdSplitter(new WebAssembly.Instance(module, {}).exports as unknown as SplitExports);
        } catch {
          // An engine without SIMD: the byte loop reads everything.
        }
      }
    }
    return SimdSplitter.shared ?? undefined;
  }

  /** Copies `chunk[0, n)` into the module's memory; returns the load's token, 0 when memory cannot grow. */
  load(chunk: Buffer, n: number): number {
    const out = (n + SLACK + 7) & ~7;
    const need = out + CAPACITY * 8;
    const memory = this.api.memory;
    if (memory.buffer.byteLength < need) {
      try {
        memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
      } catch {
        return 0; // the byte loop reads this chunk
      }
      this.bytes = new Uint8Array(memory.buffer);
    }
    this.bytes.set(chunk.subarray(0, n), 0);
    this.out = out;
    return ++this.loads;
  }

  /**
   * Record ends in bytes [from, n) of the loaded chunk, `from` being a record's first byte:
   * pairs (terminator offset, line breaks inside quotes), and `lastStatus` says why it stopped.
   */
  scan(from: number, n: number, delimiter: number, eol: number, crCheck: boolean): Int32Array {
    const count = this.api.scan(from, n, delimiter, eol, crCheck ? 1 : 0, this.out, CAPACITY);
    this.lastStatus = this.api.status();
    // Copied out: the visitor of a record may run another scanner, which reloads the memory.
    return new Int32Array(this.api.memory.buffer, this.out, count * 2).slice();
  }
}
