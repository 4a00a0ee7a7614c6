/**
 * The commands of the program, one slot each. A slot declares its arguments, options and
 * help, normalises what commander parsed, and loads its command module only when it runs
 * (dynamic import), so that no command's dependencies load for another command or --version.
 * A new command is a new file here and one line below.
 */
import type { Command } from 'commander';
import { ackSlot } from './ack-slot.js';
import { adrSlot } from './adr-slot.js';
import { checkSlot } from './check-slot.js';
import { decideSlot } from './decide-slot.js';
import { importSlot } from './import-slot.js';
import { initSlot } from './init-slot.js';
import { interviewSlot } from './interview-slot.js';
import { rulesSlot } from './rules-slot.js';
import { schemaSlot } from './schema-slot.js';
import { upgradeSlot } from './upgrade-slot.js';
import type { RunCommand } from './program.js';

export interface CommandSlot {
  name: string;
  register: (program: Command, run: RunCommand) => void;
}

export const COMMAND_SLOTS: readonly CommandSlot[] = [decideSlot, checkSlot, interviewSlot, ackSlot, importSlot, rulesSlot, initSlot, upgradeSlot, schemaSlot, adrSlot];
