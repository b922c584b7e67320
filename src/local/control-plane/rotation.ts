/**
 * RotateSecret run locally: the rotation function is invoked for createSecret, setSecret, testSecret and
 * finishSecret in turn with the same ClientRequestToken; when a step fails (or outlives the step timeout, as a Lambda
 * function is stopped at its timeout), the whole rotation is retried with the same token ("If any rotation step
 * fails, Secrets Manager retries the entire rotation process" —
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/troubleshoot_rotation.html). After the last attempt
 * AWSPENDING stays where it is, and the next RotateSecret is refused (API_RotateSecret.html).
 */
import { randomUUID } from 'node:crypto';
import { LocalSecret } from './secrets-manager';

/** The event Secrets Manager invokes a rotation function with. */
export interface RotationStepEvent {
  readonly SecretId: string;
  readonly ClientRequestToken: string;
  readonly Step: 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';
}

/**
 * A rotation function run in this process. `invocation` carries the endpoint the function's AWS clients must use: its
 * calls are refused once the invocation has been stopped at its timeout (as Lambda stops a function).
 */
export type RotationFunction = (event: RotationStepEvent, invocation: Invocation) => Promise<void>;

/** One invocation of a rotation function. */
export interface Invocation {
  readonly id: string;
  /** The control plane URL this invocation's AWS clients use. */
  readonly endpoint: string;
  /** Milliseconds this invocation may run (the function's timeout). */
  readonly timeoutMs: number;
}

export const ROTATION_STEPS: ReadonlyArray<RotationStepEvent['Step']> = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];

/** The outcome of one RotateSecret. */
export interface RotationRun {
  readonly secretArn: string;
  readonly token: string;
  status: 'running' | 'succeeded' | 'failed';
  /** Attempts made (1 when the first succeeded). */
  attempts: number;
  /** Error of each failed attempt: `<step>: <message>` (no secret values). */
  readonly errors: string[];
  /** Milliseconds from start to end. */
  millis: number;
  readonly done: Promise<RotationRun>;
}

export interface RotationRunnerOptions {
  /** Attempts of a rotation before it is left with AWSPENDING. Default 3. */
  readonly attempts?: number;
  /** Timeout of one step invocation (the function's timeout). Default 30 s. */
  readonly stepTimeoutMs?: number;
  /** Pause between two attempts. Default 100 ms. */
  readonly retryDelayMs?: number;
}

/** A fault in a rotation step: it fails `times` times, before or after the function ran. */
export interface StepFault {
  readonly step: RotationStepEvent['Step'];
  readonly when: 'before' | 'after';
  remaining: number;
}

export class RotationRunner {
  /** Invocations stopped at their timeout: their calls are refused. */
  public readonly stopped = new Set<string>();
  public readonly faults: StepFault[] = [];
  private readonly runs = new Map<string, RotationRun[]>();

  constructor(
    private readonly baseUrl: () => string,
    private readonly options: RotationRunnerOptions,
    private readonly log: (m: string) => void,
  ) {}

  /** Runs a rotation in the background (RotateSecret answers at once). */
  public start(secret: LocalSecret, token: string, fn: RotationFunction): RotationRun {
    const t0 = Date.now();
    let resolveDone!: (r: RotationRun) => void;
    const run: RotationRun = {
      secretArn: secret.arn,
      token,
      status: 'running',
      attempts: 0,
      errors: [],
      millis: 0,
      done: new Promise((r) => { resolveDone = r; }),
    };
    this.runs.set(secret.arn, [...(this.runs.get(secret.arn) ?? []), run]);
    void (async () => {
      const attempts = this.options.attempts ?? 3;
      for (let a = 1; a <= attempts; a++) {
        run.attempts = a;
        const error = await this.attempt(secret, token, fn);
        if (!error) {
          run.status = 'succeeded';
          secret.lastRotated = new Date();
          break;
        }
        run.errors.push(error);
        this.log(`rotation of ${secret.name} (attempt ${a}/${attempts}) failed: ${error}`);
        if (a < attempts) await sleep(this.options.retryDelayMs ?? 100);
        else run.status = 'failed';
      }
      run.millis = Date.now() - t0;
      resolveDone(run);
    })();
    return run;
  }

  private async attempt(secret: LocalSecret, token: string, fn: RotationFunction): Promise<string | undefined> {
    for (const step of ROTATION_STEPS) {
      const event: RotationStepEvent = { SecretId: secret.arn, ClientRequestToken: token, Step: step };
      const fault = this.faults.find((f) => f.step === step && f.remaining > 0);
      if (fault) fault.remaining--;
      if (fault?.when === 'before') return `${step}: injected failure`;
      const id = randomUUID();
      const timeoutMs = this.options.stepTimeoutMs ?? 30_000;
      const invocation: Invocation = { id, endpoint: `${this.baseUrl()}/invocation/${id}`, timeoutMs };
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          fn(event, invocation),
          new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`Task timed out after ${timeoutMs} ms`)), timeoutMs); }),
        ]);
      } catch (e) {
        return `${step}: ${(e as Error)?.message ?? String(e)}`;
      } finally {
        clearTimeout(timer);
        // Like a Lambda function after it returned or timed out: no further calls from this invocation.
        this.stopped.add(id);
      }
      if (fault?.when === 'after') return `${step}: injected failure after the step ran`;
    }
    return undefined;
  }

  /** The rotations of a secret, oldest first. */
  public runsOf(secretArn: string): readonly RotationRun[] {
    return this.runs.get(secretArn) ?? [];
  }

}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
