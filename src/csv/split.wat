;; Record ends of RFC 4180 CSV bytes, 64 bytes at a time with SIMD compares and a prefix-XOR
;; of the quote mask (the simdjson way), checking the quoting grammar as it goes.
(module
  (memory (export "memory") 1)
  (global $status (mut i32) (i32.const 0))
  (func (export "status") (result i32) (global.get $status))

  ;; scan(from, n, delim, eol, crcheck, out, cap) -> records found.
  ;; Bytes [from, n) of memory, `from` at a record start. For each record ending in them, writes
  ;; its terminator offset and its count of line breaks inside quotes as two i32 at out.
  ;; status: 0 = no further record ends before n; 1 = a quoting error (or what may be one) in
  ;; the record after the last one written; 2 = out is full.
  (func (export "scan") (param $from i32) (param $n i32) (param $delim i32) (param $eol i32) (param $crc i32) (param $out i32) (param $cap i32) (result i32)
    (local $p i32) (local $count i32) (local $rem i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128) (local $x i64)
    (local $vq v128) (local $vd v128) (local $vn v128) (local $vc v128)
    (local $valid i64) (local $q i64) (local $d i64) (local $nl i64) (local $cr i64)
    (local $P i64) (local $inside i64) (local $C i64) (local $term i64) (local $emb i64)
    (local $sep i64) (local $sepCarry i64) (local $cCarry i64) (local $crCarry i64)
    (local $afterC i64) (local $afterCR i64) (local $bad i64) (local $t i64) (local $below i64)
    (local $br i32) (local $limit i64)
    (local.set $vq (i8x16.splat (i32.const 34)))
    (local.set $vd (i8x16.splat (local.get $delim)))
    (local.set $vn (i8x16.splat (local.get $eol)))
    (local.set $vc (i8x16.splat (i32.const 13)))
    (local.set $p (local.get $from))
    (local.set $sepCarry (i64.const 1))
    (global.set $status (i32.const 0))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $p) (local.get $n)))
        (local.set $rem (i32.sub (local.get $n) (local.get $p)))
        (local.set $valid
          (if (result i64) (i32.ge_u (local.get $rem) (i32.const 64))
            (then (i64.const -1))
            (else (i64.sub (i64.shl (i64.const 1) (i64.extend_i32_u (local.get $rem))) (i64.const 1)))))
        (local.set $v0 (v128.load (local.get $p)))
        (local.set $v1 (v128.load offset=16 (local.get $p)))
        (local.set $v2 (v128.load offset=32 (local.get $p)))
        (local.set $v3 (v128.load offset=48 (local.get $p)))
        (local.set $q (i64.and (i64.or
          (i64.or
            (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v0) (local.get $vq))))
            (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v1) (local.get $vq)))) (i64.const 16)))
          (i64.or
            (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v2) (local.get $vq)))) (i64.const 32))
            (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v3) (local.get $vq)))) (i64.const 48)))) (local.get $valid)))
        (local.set $d (i64.and (i64.or
          (i64.or
            (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v0) (local.get $vd))))
            (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v1) (local.get $vd)))) (i64.const 16)))
          (i64.or
            (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v2) (local.get $vd)))) (i64.const 32))
            (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v3) (local.get $vd)))) (i64.const 48)))) (local.get $valid)))
        (local.set $nl (i64.and (i64.or
          (i64.or
            (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v0) (local.get $vn))))
            (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v1) (local.get $vn)))) (i64.const 16)))
          (i64.or
            (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v2) (local.get $vn)))) (i64.const 32))
            (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v3) (local.get $vn)))) (i64.const 48)))) (local.get $valid)))
        (local.set $cr
          (if (result i64) (local.get $crc)
            (then (i64.and (i64.or
          (i64.or
            (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v0) (local.get $vc))))
            (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v1) (local.get $vc)))) (i64.const 16)))
          (i64.or
            (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v2) (local.get $vc)))) (i64.const 32))
            (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v3) (local.get $vc)))) (i64.const 48)))) (local.get $valid)))
            (else (i64.const 0))))
        ;; prefix XOR: bit i = parity of the quotes at or before i (1 inside a quoted field)
        (local.set $x (local.get $q))
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 1))))
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 2))))
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 4))))
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 8))))
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 16))))
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 32))))
        (local.set $P (i64.xor (local.get $x) (local.get $inside)))
        (local.set $inside (i64.shr_s (local.get $P) (i64.const 63)))
        (local.set $C (i64.and (local.get $q) (i64.xor (local.get $P) (i64.const -1))))
        (local.set $term (i64.and (local.get $nl) (i64.xor (local.get $P) (i64.const -1))))
        (local.set $emb (i64.and (local.get $nl) (local.get $P)))
        ;; an opening quote must follow a delimiter, a record end, or a closing quote ("" pair)
        (local.set $sep (i64.or (i64.or (local.get $d) (local.get $term)) (local.get $C)))
        (local.set $bad
          (i64.and (i64.and (local.get $q) (local.get $P))
            (i64.xor (i64.or (i64.shl (local.get $sep) (i64.const 1)) (local.get $sepCarry)) (i64.const -1))))
        (local.set $sepCarry (i64.shr_u (local.get $sep) (i64.const 63)))
        ;; after a closing quote: a delimiter, a record end, a quote, or (LF files) CR then LF
        (local.set $afterC (i64.or (i64.shl (local.get $C) (i64.const 1)) (local.get $cCarry)))
        (local.set $cCarry (i64.shr_u (local.get $C) (i64.const 63)))
        (local.set $bad (i64.or (local.get $bad)
          (i64.and (i64.and (local.get $afterC) (local.get $valid))
            (i64.xor (i64.or (i64.or (local.get $d) (local.get $nl)) (i64.or (local.get $q) (local.get $cr))) (i64.const -1)))))
        (local.set $afterCR (i64.or (i64.shl (i64.and (local.get $afterC) (local.get $cr)) (i64.const 1)) (local.get $crCarry)))
        (local.set $crCarry (i64.shr_u (i64.and (local.get $afterC) (local.get $cr)) (i64.const 63)))
        (local.set $bad (i64.or (local.get $bad)
          (i64.and (i64.and (local.get $afterCR) (local.get $valid)) (i64.xor (local.get $nl) (i64.const -1)))))
        ;; record ends before the first bad bit (all of them when there is none)
        (local.set $limit
          (if (result i64) (i64.eqz (local.get $bad))
            (then (i64.const -1))
            (else (i64.sub (i64.shl (i64.const 1) (i64.ctz (local.get $bad))) (i64.const 1)))))
        (local.set $term (i64.and (local.get $term) (local.get $limit)))
        (block $ends_done
          (loop $ends
            (br_if $ends_done (i64.eqz (local.get $term)))
            (if (i32.ge_u (local.get $count) (local.get $cap))
              (then (global.set $status (i32.const 2)) (return (local.get $count))))
            (local.set $t (i64.ctz (local.get $term)))
            (local.set $below (i64.and (local.get $emb) (i64.sub (i64.shl (i64.const 1) (local.get $t)) (i64.const 1))))
            (local.set $br (i32.add (local.get $br) (i32.wrap_i64 (i64.popcnt (local.get $below)))))
            (local.set $emb (i64.xor (local.get $emb) (local.get $below)))
            (i32.store (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 3)))
              (i32.add (local.get $p) (i32.wrap_i64 (local.get $t))))
            (i32.store offset=4 (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 3))) (local.get $br))
            (local.set $br (i32.const 0))
            (local.set $count (i32.add (local.get $count) (i32.const 1)))
            (local.set $term (i64.and (local.get $term) (i64.sub (local.get $term) (i64.const 1))))
            (br $ends)))
        (if (i64.ne (local.get $bad) (i64.const 0))
          (then (global.set $status (i32.const 1)) (return (local.get $count))))
        (local.set $br (i32.add (local.get $br) (i32.wrap_i64 (i64.popcnt (local.get $emb)))))
        (local.set $p (i32.add (local.get $p) (i32.const 64)))
        (br $blocks)))
    (local.get $count))
)
