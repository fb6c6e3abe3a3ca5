/** `arlo-sync doctor`: see src/doctor/run-doctor.ts. Returns the exit code (non-zero when a check fails). */
import type { Config } from '../config';
import { doctorExitCode, formatReport } from '../doctor/check-result';
import { DEFAULT_MAX_WATERMARK_AGE_MS, runDoctor } from '../doctor/run-doctor';

export interface DoctorCommandOptions {
  /** Hours after which an unmoved watermark is reported. */
  readonly maxWatermarkAgeHours?: number;
}

export async function doctorCommand(
  loadConfig: () => Config,
  options: DoctorCommandOptions,
  write: (line: string) => void,
): Promise<number> {
  const maxWatermarkAgeMs =
    options.maxWatermarkAgeHours === undefined
      ? DEFAULT_MAX_WATERMARK_AGE_MS
      : options.maxWatermarkAgeHours * 60 * 60 * 1000;
  const results = await runDoctor(loadConfig, { maxWatermarkAgeMs });
  for (const line of formatReport(results)) write(line);
  return doctorExitCode(results);
}
