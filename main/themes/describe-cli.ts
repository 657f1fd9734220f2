// `workbench themes describe --db F --model ID [--base-url URL] [--llm MODEL] [--fidelity]`.
export async function describeCommand(args: string[]): Promise<number> {
  void args;
  process.stderr.write('workbench themes describe: not available yet\n');
  return 2;
}
