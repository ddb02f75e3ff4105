/**
 * Benchmark harnesses. Each is a {@code main} run by hand (see docs/BENCHMARKS.md for the commands, the machine and the
 * figures); tests assert behaviour, never wall-clock time.
 */
package org.uploadpipeline.bench;
