import { UsageError } from './errors';

/** Parsed command line. */
export interface ParsedArgs {
  readonly command?: string;
  readonly positionals: string[];
  readonly options: { [name: string]: string[] };
  readonly help: boolean;
  readonly version: boolean;
}

/** An option a command accepts. */
export interface OptionSpec {
  readonly name: string;
  readonly alias?: string;
  /** Whether the option takes a value (`--format json` / `--format=json`). */
  readonly takesValue: boolean;
  /** Allowed values, when closed. */
  readonly choices?: string[];
  readonly repeatable?: boolean;
}

/**
 * Parses `argv` by hand (no CLI framework: the package has no runtime dependencies).
 *
 * Accepts `--name value`, `--name=value`, `-x value`, `--help`/`-h` anywhere, and `--` to end options.
 */
export function parseArgs(argv: string[], specsFor: (command: string | undefined) => OptionSpec[] | undefined): ParsedArgs {
  const positionals: string[] = [];
  const options: { [name: string]: string[] } = {};
  let help = false;
  let version = false;
  let command: string | undefined;
  let onlyPositionals = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyPositionals || !arg.startsWith('-') || arg === '-') {
      if (command === undefined && positionals.length === 0 && !onlyPositionals) {
        command = arg;
      } else {
        positionals.push(arg);
      }
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if ((arg === '--version' || arg === '-v') && command === undefined) {
      version = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const specs = specsFor(command) ?? [];
    const spec = specs.find(s => `--${s.name}` === flag || (s.alias !== undefined && `-${s.alias}` === flag));
    if (!spec) {
      const where = command ? `for ${command} ` : '';
      const helpCmd = command ? `cdk-sagemaker-endpoint ${command} --help` : 'cdk-sagemaker-endpoint --help';
      throw new UsageError(`unknown option ${flag} ${where}(see ${helpCmd})`);
    }
    let value: string | undefined;
    if (spec.takesValue) {
      value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || (eq < 0 && value.startsWith('--'))) {
        throw new UsageError(`option --${spec.name} needs a value${spec.choices ? ` (${spec.choices.join('|')})` : ''}`);
      }
      if (spec.choices && !spec.choices.includes(value)) {
        throw new UsageError(`option --${spec.name} must be one of ${spec.choices.join(', ')}, got ${JSON.stringify(value)}`);
      }
    } else {
      if (eq > 0) {
        throw new UsageError(`option --${spec.name} takes no value, got ${JSON.stringify(arg.slice(eq + 1))}`);
      }
      value = 'true';
    }
    const list = options[spec.name] ?? [];
    if (list.length > 0 && !spec.repeatable) {
      throw new UsageError(`option --${spec.name} given more than once`);
    }
    options[spec.name] = [...list, value];
  }
  return { command, positionals, options, help, version };
}
