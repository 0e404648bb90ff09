// Now() runs millions of times a second: skip zeroing stack frames that every path fully writes
// before reading (no method here reads a local it has not assigned; the compiler enforces that
// for everything but stackalloc, which this assembly does not use).
[module: System.Runtime.CompilerServices.SkipLocalsInit]
