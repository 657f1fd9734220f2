// `workbench themes train|export|describe …`: kSAE theme models from the command line.
export async function themesCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'describe') return (await import('./describe-cli.js')).describeCommand(rest);
  if (sub === 'validate') return (await import('./validate-cli.js')).validateCommand(rest);
  process.stderr.write(`workbench themes: unknown subcommand "${sub ?? ''}" (train, export, describe)\n`);
  return 2;
}
