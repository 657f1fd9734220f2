// Runs `workbench judge …` in its own process (the kill-and-resume test SIGKILLs it mid-run).
import { judgeCommand } from '../../main/judge/cli.js';

process.exitCode = await judgeCommand(process.argv.slice(2));
