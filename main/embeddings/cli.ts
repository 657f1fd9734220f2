// `workbench embed --db F --provider openai|offline|import …`: builds an embedding set (see README).
export async function embedCommand(args: string[]): Promise<number> {
  void args;
  process.stderr.write('workbench embed: not available yet\n');
  return 2;
}
