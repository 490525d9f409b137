// The slice of Apache commons-cli 1.5.0 (DefaultParser, Options, OptionGroup, CommandLine) that
// zkCli 3.8 uses: short options (one letter, or reconfig's "-file"), with or without one
// argument, optionally in a group; no long "--name" options.
// Parse errors carry commons-cli's exception class and message, since zkCli prints
// `org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -x`.
import { JavaCrash, isJavaDouble } from './java.ts';

export class ParseException extends Error {
  constructor(
    /** Simple class name, e.g. "MissingArgumentException". */
    readonly javaClass: string,
    message: string,
  ) {
    super(message);
  }
  /** Throwable.toString(), which is what CliParseException(cause) carries as its message. */
  override toString(): string {
    return `org.apache.commons.cli.${this.javaClass}: ${this.message}`;
  }
}

interface OptionDef {
  opt: string;
  hasArg: boolean;
  description: string;
  group?: OptionGroup;
}

export class OptionGroup {
  readonly options: OptionDef[] = [];
  selected: string | null = null;
  constructor(readonly required = false) {}

  /** OptionGroup.toString: "[-n num soft quota, -b bytes soft quota]". */
  toString(): string {
    return `[${this.options.map((o) => `-${o.opt} ${o.description}`).join(', ')}]`;
  }
}

export class Options {
  private readonly byOpt = new Map<string, OptionDef>();
  readonly groups: OptionGroup[] = [];

  addOption(opt: string, hasArg: boolean, description: string): this {
    this.byOpt.set(opt, { opt, hasArg, description });
    return this;
  }

  /** Options.addOptionGroup: options given as [opt, hasArg, description]. */
  addOptionGroup(required: boolean, ...defs: [string, boolean, string][]): this {
    const group = new OptionGroup(required);
    for (const [opt, hasArg, description] of defs) {
      const def: OptionDef = { opt, hasArg, description, group };
      group.options.push(def);
      this.byOpt.set(opt, def);
    }
    this.groups.push(group);
    return this;
  }

  /** Options.getOption / hasOption strip leading hyphens first. */
  get(opt: string): OptionDef | undefined {
    return this.byOpt.get(stripLeadingHyphens(opt));
  }

  /** Every option, sorted as HelpFormatter lists them (case-insensitive by key). */
  sorted(): OptionDef[] {
    return [...this.byOpt.values()].sort((a, b) => compareIgnoreCase(a.opt, b.opt));
  }
}

function compareIgnoreCase(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function stripLeadingHyphens(s: string): string {
  if (s.startsWith('--')) return s.substring(2);
  if (s.startsWith('-')) return s.substring(1);
  return s;
}

/** Util.stripLeadingAndTrailingQuotes (commons-cli 1.5.0). */
function stripQuotes(s: string): string {
  if (s.length > 1 && s.startsWith('"') && s.endsWith('"') && !s.substring(1, s.length - 1).includes('"')) {
    return s.substring(1, s.length - 1);
  }
  return s;
}

interface ParsedOption {
  def: OptionDef;
  values: string[];
}

export class CommandLine {
  readonly parsed: ParsedOption[] = [];
  readonly args: string[] = [];

  hasOption(opt: string): boolean {
    return this.parsed.some((p) => p.def.opt === opt);
  }

  /** The first value given to `opt`, or null. */
  getOptionValue(opt: string): string | null {
    for (const p of this.parsed) if (p.def.opt === opt && p.values.length > 0) return p.values[0]!;
    return null;
  }
}

/** DefaultParser.parse(options, arguments), with partial matching on and stopAtNonOption off. */
export function parseOptions(options: Options, argv: readonly string[]): CommandLine {
  return new Parser(options).parse(argv);
}

class Parser {
  private cmd = new CommandLine();
  private current: ParsedOption | null = null;
  private skipParsing = false;
  private expected: OptionGroup[] = [];

  constructor(private readonly options: Options) {}

  parse(argv: readonly string[]): CommandLine {
    for (const g of this.options.groups) g.selected = null;
    this.expected = this.options.groups.filter((g) => g.required);
    for (const token of argv) this.handleToken(token);
    this.checkRequiredArgs();
    if (this.expected.length > 0) {
      const s = this.expected.length === 1 ? '' : 's';
      throw new ParseException(
        'MissingOptionException',
        `Missing required option${s}: ${this.expected.map(String).join(', ')}`,
      );
    }
    return this.cmd;
  }

  private acceptsArg(p: ParsedOption): boolean {
    return p.def.hasArg && p.values.length < 1;
  }

  private handleToken(token: string): void {
    if (this.skipParsing) this.cmd.args.push(token);
    else if (token === '--') this.skipParsing = true;
    else if (this.current !== null && this.acceptsArg(this.current) && this.isArgument(token)) {
      this.current.values.push(stripQuotes(token));
    } else if (token.startsWith('--')) {
      // zkCli's options have no long names: every --token is unknown.
      this.unknownToken(token);
    } else if (token.startsWith('-') && token !== '-') this.handleShortOption(token);
    else this.unknownToken(token);
    if (this.current !== null && !this.acceptsArg(this.current)) this.current = null;
  }

  private isArgument(token: string): boolean {
    return !this.isShortOption(token) || isJavaDouble(token);
  }

  private isShortOption(token: string): boolean {
    if (!token.startsWith('-') || token.length === 1) return false;
    const pos = token.indexOf('=');
    const name = pos === -1 ? token.substring(1) : token.substring(1, pos);
    if (this.options.get(name) !== undefined) return true;
    return name.length > 0 && this.options.get(name[0]!) !== undefined;
  }

  private unknownToken(token: string): void {
    if (token.startsWith('-') && token.length > 1)
      throw new ParseException('UnrecognizedOptionException', `Unrecognized option: ${token}`);
    this.cmd.args.push(token);
  }

  private handleShortOption(token: string): void {
    const t = stripLeadingHyphens(token);
    const pos = t.indexOf('=');
    if (t.length === 1) {
      const def = this.options.get(t);
      if (def === undefined) this.unknownToken(token);
      else this.handleOption(def);
    } else if (pos === -1) {
      const def = this.options.get(t); // reconfig's "-file", "-members", ...
      if (def !== undefined) this.handleOption(def);
      else this.handleConcatenated(token);
    } else {
      // commons-cli 1.5.0 takes t.substring(0, 1) of the empty name in "-=x" and dies
      if (pos === 0) {
        throw new JavaCrash('java.lang.StringIndexOutOfBoundsException', 'begin 0, end 1, length 0', [
          'java.base/java.lang.String.checkBoundsBeginEnd(String.java:4606)',
          'java.base/java.lang.String.substring(String.java:2709)',
          'org.apache.commons.cli.DefaultParser.isJavaProperty(DefaultParser.java:583)',
          'org.apache.commons.cli.DefaultParser.handleShortAndLongOption(DefaultParser.java:511)',
          'org.apache.commons.cli.DefaultParser.handleToken(DefaultParser.java:542)',
          'org.apache.commons.cli.DefaultParser.parse(DefaultParser.java:712)',
          'org.apache.commons.cli.DefaultParser.parse(DefaultParser.java:679)',
          'org.apache.commons.cli.DefaultParser.parse(DefaultParser.java:660)',
        ]);
      }
      const def = pos === 1 ? this.options.get(t.substring(0, 1)) : undefined;
      if (def === undefined || !def.hasArg) this.unknownToken(token);
      else {
        this.handleOption(def);
        this.current!.values.push(t.substring(pos + 1));
        this.current = null;
      }
    }
  }

  /** -abc → -a -b -c; the first option taking an argument takes the rest ("-v5"). */
  private handleConcatenated(token: string): void {
    for (let i = 1; i < token.length; i++) {
      const def = token[i] === '-' ? undefined : this.options.get(token[i]!);
      if (def === undefined) {
        this.unknownToken(token);
        return;
      }
      this.handleOption(def);
      if (this.current !== null && token.length !== i + 1) {
        this.current.values.push(token.substring(i + 1));
        return;
      }
    }
  }

  private checkRequiredArgs(): void {
    if (this.current !== null && this.acceptsArg(this.current)) {
      throw new ParseException('MissingArgumentException', `Missing argument for option: ${this.current.def.opt}`);
    }
  }

  private handleOption(def: OptionDef): void {
    this.checkRequiredArgs();
    const group = def.group;
    if (group !== undefined) {
      this.expected = this.expected.filter((g) => g !== group);
      if (group.selected !== null && group.selected !== def.opt) {
        throw new ParseException(
          'AlreadySelectedException',
          `The option '${def.opt}' was specified but an option from this group has already been selected: '${group.selected}'`,
        );
      }
      group.selected = def.opt;
    }
    const p: ParsedOption = { def, values: [] };
    this.cmd.parsed.push(p);
    this.current = def.hasArg ? p : null;
  }
}

/** HelpFormatter.printHelp(cmdLineSyntax, options) for one-letter options without arguments. */
export function helpText(syntax: string, options: Options): string {
  const lines = [`usage: ${syntax}`];
  for (const o of options.sorted()) lines.push(` -${o.opt}   ${o.description}`);
  return `${lines.join('\n')}\n`;
}
