/**
 * `node dist-bench/bench/profile-top.js <file.cpuprofile> [count]`: the frames with the most self time in a V8 CPU
 * profile (as written by `npm run bench -- <id> --profile`), and the same summed per source file, as text.
 */
import { readFile } from 'node:fs/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

/** Self time in ms per node id, from the samples and their time deltas (hit counts when deltas are missing). */
function selfTimes(profile: CpuProfile): Map<number, number> {
  const times = new Map<number, number>();
  const { samples = [], timeDeltas = [] } = profile;
  if (samples.length > 0 && timeDeltas.length === samples.length) {
    // A sample's time is the delta to the next sample (V8 records the delta before each sample).
    for (let i = 0; i < samples.length; i += 1) {
      const next = timeDeltas[i + 1] ?? 0;
      times.set(samples[i], (times.get(samples[i]) ?? 0) + next / 1000);
    }
    return times;
  }
  const total = (profile.endTime - profile.startTime) / 1000;
  const hits = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0) || 1;
  for (const node of profile.nodes) times.set(node.id, ((node.hitCount ?? 0) / hits) * total);
  return times;
}

function shortUrl(url: string): string {
  const marker = url.lastIndexOf('/dist-bench/');
  if (marker >= 0) return url.slice(marker + '/dist-bench/'.length);
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) return url.slice(modules + 1);
  return url.replace(/^file:\/\//, '');
}

function rank(entries: Map<string, number>, count: number, total: number): string[] {
  return [...entries.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([label, ms]) => `${ms.toFixed(1).padStart(9)} ms ${((ms / total) * 100).toFixed(1).padStart(5)}%  ${label}`);
}

async function main(): Promise<void> {
  const [file, countArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-top <file.cpuprofile> [count]');
  const count = Number(countArg ?? 15);
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const times = selfTimes(profile);
  const byFrame = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const ms = times.get(node.id) ?? 0;
    total += ms;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
    const frame = `${functionName || '(anonymous)'} ${where}`.trim();
    byFrame.set(frame, (byFrame.get(frame) ?? 0) + ms);
    const source = url ? shortUrl(url) : `(${functionName || 'anonymous'})`;
    byFile.set(source, (byFile.get(source) ?? 0) + ms);
  }
  const lines = [
    `${file}: ${total.toFixed(0)} ms sampled`,
    `top ${count} frames by self time:`,
    ...rank(byFrame, count, total),
    `top ${count} files by self time:`,
    ...rank(byFile, count, total),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exitCode = 1;
});
