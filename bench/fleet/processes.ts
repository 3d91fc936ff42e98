/**
 * Peak resident memory of the processes one `pulumi` command starts, sampled from /proc: the CLI
 * itself, the Node.js language host's program, and the dynamic provider process(es).
 */
import * as fs from "fs";

export type ProcessRole = "cli" | "languageHost" | "program" | "provider" | "other";

export type PeakRss = Record<ProcessRole, number>;

function read(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function parentOf(pid: number): number | undefined {
  const stat = read(`/proc/${pid}/stat`);
  // The command name may hold spaces and parentheses: the fields that follow start after the last ')'.
  const fields = stat?.slice(stat.lastIndexOf(")") + 2).split(" ");
  return fields ? Number(fields[1]) : undefined;
}

function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(read(`/proc/${pid}/status`) ?? "");
  return match ? Number(match[1]) * 1024 : 0;
}

function roleOf(pid: number, root: number): ProcessRole {
  if (pid === root) return "cli";
  const command = (read(`/proc/${pid}/cmdline`) ?? "").replace(/\0/g, " ");
  if (/dynamic-provider/.test(command)) return "provider";
  if (/@pulumi\/pulumi\/cmd\/run|cmd\/run\/index\.js|run-plugin/.test(command)) return "program";
  if (/pulumi-language-nodejs/.test(command)) return "languageHost";
  return "other";
}

function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const parent = parentOf(pid);
    if (parent === undefined) continue;
    children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** Samples the process tree under `root` every `intervalMs` until stopped; peaks are per role (summed over its processes). */
export function sampleProcessTree(root: number, intervalMs = 250): { stop(): PeakRss } {
  const peak: PeakRss = { cli: 0, languageHost: 0, program: 0, provider: 0, other: 0 };
  const sample = () => {
    const now: PeakRss = { cli: 0, languageHost: 0, program: 0, provider: 0, other: 0 };
    for (const pid of descendants(root)) now[roleOf(pid, root)] += rssBytes(pid);
    for (const role of Object.keys(now) as ProcessRole[]) peak[role] = Math.max(peak[role], now[role]);
  };
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}
