// The terminal adapter: a chat with the coach on stdin/stdout, with no Slack or Teams account.
// Same coach, same store, same scheduler as the platforms; scheduled posts appear while it runs.
// Works piped (`printf '/coach today\n' | npm start`): lines are handled in order and the
// returned `finished` promise resolves at end of input.

import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Actor, Address, Button, Inbound, Messenger, Outbound } from '../../src/ports.ts';
import type { Clock } from '../../src/ports.ts';
import { closestWord } from '../../src/coach/suggest.ts';
import { asCodedError, CodedError } from '../../src/errors.ts';
import { errorWords } from '../../src/error-words.ts';
import type { Logger } from '../../src/logger.ts';
import type { AdapterInputs, PlatformAdapter } from '../platform-adapter.ts';
import { ansiStyle, plainStyle, renderText } from './render-text.ts';

export interface ConsoleHandler {
  handle(inbound: Inbound): Promise<Outbound[]>;
  commandNames(): string[];
}

export interface ConsoleAdapterOptions {
  input: Readable;
  output: Writable;
  clock: Clock;
  userId: string;
  userName?: string;
  /** The person's zone; without one the coach uses the channel's. */
  tz?: string;
  /** Colours and a prompt, for a person at a terminal. */
  interactive: boolean;
  /** Where files the coach shares (charts, CSV exports) are written. */
  filesDir: string;
  logger?: Logger;
  /** The coach start() talks to (run() takes one directly). */
  coach?: ConsoleHandler;
}

export const CONSOLE_WORKSPACE = 'local';
export const CONSOLE_CHANNEL = 'console';

/** The console's part of the configuration: who is at the terminal, and where shared files go. */
export interface ConsoleConfig {
  userId: string;
  userName?: string;
  /** The person's zone; without one the coach uses the channel's. */
  tz?: string;
  /** Where files the coach shares (charts, CSV exports) are written. */
  filesDir: string;
}

/** The console built like every adapter: the shared inputs, plus the terminal it talks on. */
export function createConsoleAdapter(inputs: AdapterInputs<ConsoleConfig>, io: { input: Readable; output: Writable; interactive: boolean }): ConsoleAdapter {
  return new ConsoleAdapter({ ...inputs.config, ...io, clock: inputs.clock, logger: inputs.logger.child({ platform: 'console' }), coach: inputs.coach });
}

export class ConsoleAdapter implements PlatformAdapter {
  readonly platform = 'console' as const;
  readonly actor: Actor;
  private running: Promise<void> | undefined;
  readonly address: Address;
  private readonly buttons = new Map<number, { button: Button; messageRef: string }>();
  private nextButton = 1;
  private nextRef = 1;
  private rl: readline.Interface | undefined;

  constructor(private readonly options: ConsoleAdapterOptions) {
    this.actor = { platform: 'console', workspaceId: CONSOLE_WORKSPACE, userId: options.userId, name: options.userName, tz: options.tz, isAdmin: true };
    this.address = { platform: 'console', workspaceId: CONSOLE_WORKSPACE, key: CONSOLE_CHANNEL, label: '#console' };
  }

  /** Scheduled posts and DMs print into the same terminal. */
  readonly messenger: Messenger = {
    post: (_to, msg, options) => {
      const ref = `console-${this.nextRef++}`;
      this.print(`📣 ${options?.threadRef ? 'In the thread' : 'Posted to #console'}`, msg, ref);
      return Promise.resolve({ ref });
    },
    dm: (_user, msg) => {
      const ref = `console-${this.nextRef++}`;
      this.print('💬 Direct message', msg, ref);
      return Promise.resolve({ ref });
    },
    // A terminal cannot show an image or attach a file: write it next to the database and say where.
    upload: (_to, file, comment) => {
      const ref = `console-${this.nextRef++}`;
      fs.mkdirSync(this.options.filesDir, { recursive: true, mode: 0o700 }); // stats name people: owner-only
      const target = path.join(this.options.filesDir, file.filename);
      fs.writeFileSync(target, file.bytes, { mode: 0o600 });
      this.write(`📎 ${file.title}${comment ? ` — ${comment}` : ''}\n  Saved to ${target}\n`);
      return Promise.resolve({ ref });
    },
  };

  /** Start reading input (the PlatformAdapter way); `finished()` tells when it ends. */
  start(): Promise<void> {
    const { coach } = this.options;
    if (!coach) throw new CodedError('INTERNAL', 'The console adapter was built without a coach: use createConsoleAdapter().');
    this.running = this.run(coach);
    return Promise.resolve();
  }

  /** Resolves when input ends or the person types /quit. */
  finished(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    this.close();
    await this.finished();
  }

  /** Start reading. Resolves when input ends or the person types /quit. */
  run(coach: ConsoleHandler): Promise<void> {
    const { input, output, interactive } = this.options;
    this.write(
      `👋 Hi${this.actor.name ? ` ${this.actor.name}` : ''}! I'm Service Coach. Type /coach help to see everything I can do, or /coach today for today's principle.` +
        (interactive ? ' Type /quit (or press Ctrl+D) to leave.' : ''),
    );
    const rl = readline.createInterface({ input, output: interactive ? output : undefined, terminal: interactive, prompt: '> ' });
    this.rl = rl;
    // Handle lines strictly in order, even when they arrive faster than the coach answers (a pipe).
    let queue = Promise.resolve();
    return new Promise((resolve) => {
      const finish = () => {
        void queue.then(() => resolve());
      };
      rl.on('line', (line) => {
        queue = queue.then(async () => {
          const quit = await this.handleLineSafely(line, coach);
          if (quit) rl.close();
          else if (interactive) rl.prompt();
        });
      });
      rl.on('close', finish);
      if (interactive) rl.prompt();
    });
  }

  close(): void {
    this.rl?.close();
  }

  /** The console's one error boundary: a failed line is logged by its code and answered in words; the next line still runs. */
  private async handleLineSafely(raw: string, coach: ConsoleHandler): Promise<boolean> {
    try {
      return await this.handleLine(raw, coach);
    } catch (caught) {
      const error = asCodedError(caught);
      this.options.logger?.error('console line failed', { code: error.code, error: caught });
      this.write(`  ${errorWords(error)}`);
      return false;
    }
  }

  private async handleLine(raw: string, coach: ConsoleHandler): Promise<boolean> {
    const line = raw.trim();
    if (!line) return false;
    if (/^\/?(quit|exit)$/i.test(line)) return true;
    const at = this.options.clock.now();
    const doMatch = /^\/do\s+(\d+)$/i.exec(line);
    let inbound: Inbound;
    if (doMatch) {
      const pressed = this.buttons.get(Number(doMatch[1]));
      if (!pressed) {
        this.write(`  There is no button ${doMatch[1]} on screen. Buttons show as "type /do N" under a message.`);
        return false;
      }
      inbound = { kind: 'action', from: this.actor, address: this.address, actionId: pressed.button.actionId, value: pressed.button.value, at, messageRef: pressed.messageRef };
    } else {
      const [word = '', ...rest] = line.split(/\s+/);
      const command = word.replace(/^\//, '').toLowerCase();
      if (!coach.commandNames().includes(command)) {
        const guess = word.startsWith('/') ? closestWord(command, coach.commandNames()) : undefined;
        if (guess) {
          this.write(`  I don't know “${word}” — did you mean /${guess}? Try /${guess === 'coach' ? 'coach help' : `${guess} help`}.`);
          return false;
        }
        this.write(`  Commands start with a slash, like /coach help or /coach today. I didn't recognise “${word}”.`);
        return false;
      }
      inbound = { kind: 'command', from: this.actor, address: this.address, command, text: rest.join(' '), at };
    }
    for (const answer of await coach.handle(inbound)) {
      this.print(answer.replaceOriginal ? '✏️  Updated message' : answer.visibility === 'private' ? '' : '📣 Posted to #console', answer, `console-${this.nextRef++}`);
    }
    return false;
  }

  private print(title: string, msg: Outbound, ref: string): void {
    const style = this.options.interactive ? ansiStyle : plainStyle;
    const body = renderText(msg, style, (button) => {
      const n = this.nextButton++;
      this.buttons.set(n, { button, messageRef: ref });
      return `/do ${n}`;
    });
    // A blank line between messages, as a chat client would space them.
    this.write((title ? `${title}\n` : '') + body + '\n');
  }

  private write(text: string): void {
    const { output, interactive } = this.options;
    if (interactive && this.rl) {
      // Keep the prompt tidy when a scheduled post arrives while the person is typing.
      readline.clearLine(output, 0);
      readline.cursorTo(output, 0);
      output.write(text + '\n');
      this.rl.prompt(true);
    } else {
      output.write(text + '\n');
    }
  }
}
