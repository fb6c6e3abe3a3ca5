/**
 * Benchmark results: every benchmark returns named figures with units; this module prints them as a table
 * and writes them as JSON (bench-results/<timestamp>.json, plus latest.json) so runs can be compared.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { describeMachine, formatMachine, type MachineDescription } from './machine';

export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** What the figure is judged against, e.g. "≤ 100 ms" — shown next to it, never asserted. */
  readonly target?: string;
}

export interface BenchmarkResult {
  readonly benchmark: string;
  readonly description: string;
  readonly figures: readonly Figure[];
  readonly notes?: readonly string[];
}

export interface BenchmarkRun {
  readonly startedAt: string;
  readonly machine: MachineDescription;
  readonly results: readonly BenchmarkResult[];
}

/** A figure rounded to `places` decimals, as benchmarks report them. */
export function roundTo(value: number, places: number): number {
  const scale = 10 ** places;
  return Math.round(value * scale) / scale;
}

export function formatResult(result: BenchmarkResult): string {
  const width = Math.max(...result.figures.map((f) => f.name.length), 10);
  const lines = [`${result.benchmark}: ${result.description}`];
  for (const figure of result.figures) {
    const value = Number.isInteger(figure.value)
      ? String(figure.value)
      : figure.value.toFixed(figure.value < 10 ? 3 : 1);
    lines.push(
      `  ${figure.name.padEnd(width)}  ${value} ${figure.unit}${figure.target ? `   (target ${figure.target})` : ''}`,
    );
  }
  for (const note of result.notes ?? []) lines.push(`  note: ${note}`);
  return lines.join('\n');
}

export function newRun(): BenchmarkRun & { results: BenchmarkResult[] } {
  return { startedAt: new Date().toISOString(), machine: describeMachine(), results: [] };
}

export function formatRunHeader(run: BenchmarkRun): string {
  return `arlo-sync benchmarks, ${run.startedAt}\nmachine: ${formatMachine(run.machine)}`;
}

export async function writeRun(run: BenchmarkRun, directory: string): Promise<string> {
  await mkdir(directory, { recursive: true });
  const file = path.join(directory, `${run.startedAt.replace(/[:.]/g, '-')}.json`);
  const json = `${JSON.stringify(run, null, 2)}\n`;
  await writeFile(file, json);
  await writeFile(path.join(directory, 'latest.json'), json);
  return file;
}
