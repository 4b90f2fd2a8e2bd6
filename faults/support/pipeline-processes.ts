// Real pipeline processes for the fault suite: `node bin/main.mjs --role=worker|scheduler`, started,
// killed and stopped by their own handles (never by name). Their JSON log lines are kept: the last
// ones are shown when a scenario fails, and failed job attempts are counted per queue (each is a retry,
// or a final failure). A process that exits without being signalled is a crash: it is recorded (the
// checks fail on it) and, like docker compose's `restart: unless-stopped`, started again, so that the
// rest of the scenario still shows whether anything was lost.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { sleep } from './wait.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

export type Role = 'worker' | 'scheduler';

export interface PipelineProcess {
  role: Role;
  pid: number;
  child: ChildProcess;
  /** resolves when the process has exited */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

export class PipelineProcesses {
  readonly all: PipelineProcess[] = [];
  /** failed job attempts logged by the workers ("job failed"), per queue */
  readonly failedAttempts = new Map<string, number>();
  /** the same, per queue and error message (numbers and ids masked) */
  readonly failureReasons = new Map<string, number>();
  /** error-level log lines other than failed jobs (worker errors, Redis errors…) */
  readonly errors: string[] = [];
  readonly #tail: string[] = [];
  /** processes this suite sent a signal to: any other exit is a crash */
  readonly #signalled = new Set<PipelineProcess>();

  #stopping = false;

  constructor(private readonly env: Record<string, string>) {}

  /** Starts one process of `role` on the scenario's database and queue prefix. */
  start(role: Role): PipelineProcess {
    const child = spawn(process.execPath, ['bin/main.mjs', `--role=${role}`], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...this.env },
    });
    if (!child.pid) throw new Error(`pipeline-processes: could not start a ${role}`);
    const pid = child.pid;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
    );
    const onLine = (line: string) => this.#record(role, pid, line);
    // one line buffer per stream: a chunk of one must not end a line of the other
    const lines = (stream: NodeJS.ReadableStream) => {
      let buffered = '';
      stream.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const complete = buffered.split('\n');
        buffered = complete.pop() ?? '';
        for (const line of complete) if (line.trim()) onLine(line);
      });
    };
    lines(child.stdout!);
    lines(child.stderr!);
    const p: PipelineProcess = { role, pid, child, exited };
    this.all.push(p);
    void exited.then(() => {
      if (this.#stopping || this.#signalled.has(p)) return;
      this.#tail.push(`[${role} ${pid}] crashed: restarting it in 1 s`);
      setTimeout(() => this.#stopping || this.start(role), 1000);
    });
    return p;
  }

  /** Processes that have not exited, optionally of one role. */
  running(role?: Role): PipelineProcess[] {
    return this.all.filter((p) => p.child.exitCode === null && p.child.signalCode === null && (!role || p.role === role));
  }

  /** Sends `signal` to one process and waits until it has exited. */
  async signal(p: PipelineProcess, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }> {
    this.#signalled.add(p);
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill(signal);
    return p.exited;
  }

  /** Processes that exited without being sent a signal. */
  crashed(): PipelineProcess[] {
    return this.all.filter((p) => !this.#signalled.has(p) && (p.child.exitCode !== null || p.child.signalCode !== null));
  }

  /** SIGTERM to every running process, SIGKILL to any still running after `graceMs`. */
  async stopAll(graceMs = 35_000): Promise<void> {
    this.#stopping = true;
    const left = this.running();
    for (const p of left) {
      this.#signalled.add(p);
      p.child.kill('SIGTERM');
    }
    await Promise.race([Promise.all(left.map((p) => p.exited)), sleep(graceMs)]);
    for (const p of this.running()) p.child.kill('SIGKILL');
    await Promise.all(left.map((p) => p.exited));
  }

  /** The last log lines of every process, for a failure message. */
  tail(n = 60): string {
    return this.#tail.slice(-n).join('\n');
  }

  #record(role: Role, pid: number, line: string): void {
    this.#tail.push(`[${role} ${pid}] ${line.slice(0, 600)}`);
    if (this.#tail.length > 400) this.#tail.splice(0, this.#tail.length - 400);
    let entry: { level?: number; msg?: string; queue?: string; err?: string } | null = null;
    try {
      entry = JSON.parse(line) as { level?: number; msg?: string; queue?: string; err?: string };
    } catch {
      this.errors.push(`[${role} ${pid}] ${line.slice(0, 600)}`); // not a log line: a crash trace
      return;
    }
    if (entry.msg === 'job failed') {
      const queue = entry.queue ?? '?';
      this.failedAttempts.set(queue, (this.failedAttempts.get(queue) ?? 0) + 1);
      const reason = `${queue}: ${(entry.err ?? '?').replace(/\(?https?:\/\/\S+/g, '<url>').replace(/\d+/g, 'N').slice(0, 160)}`;
      this.failureReasons.set(reason, (this.failureReasons.get(reason) ?? 0) + 1);
    } else if ((entry.level ?? 0) >= 50) {
      this.errors.push(`[${role} ${pid}] ${line.slice(0, 600)}`);
    }
  }
}
