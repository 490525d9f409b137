// addauth scheme auth; whoami
import { CliCommand, CliParseException, CliWrapperException, parseArgs, zkCall } from '../CliCommand.ts';
import { Options } from '../options.ts';

const options = new Options();

export class AddAuthCommand extends CliCommand {
  private args: string[] = [];

  constructor() {
    super('addauth', 'scheme auth');
  }

  parse(cmdArgs: string[]): this {
    this.args = parseArgs(options, cmdArgs).args;
    if (this.args.length < 2) throw new CliParseException(this.usageStr());
    return this;
  }

  async exec(): Promise<boolean> {
    // Java sends null auth bytes when the argument is missing; the API takes a string, so ''
    // (an empty credential, which no provider accepts either).
    const auth = this.args.length >= 3 ? this.args[2]! : '';
    await zkCall(() => this.zk.addAuthInfo(this.args[1]!, auth));
    return false;
  }
}

export class WhoAmICommand extends CliCommand {
  constructor() {
    super('whoami', '');
  }

  /** 3.8 does not parse whoami's arguments at all. */
  parse(): this {
    return this;
  }

  async exec(): Promise<boolean> {
    try {
      const infos = await this.zk.whoAmI();
      this.println('Auth scheme: User');
      for (const info of infos) this.println(`${info.authScheme}: ${info.user}`);
    } catch (e) {
      throw new CliWrapperException(e);
    }
    return false;
  }
}
