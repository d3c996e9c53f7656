import { OPTION_TABLE } from './option-table.js';

/** `--help` text, generated from the option table so it lists exactly what is accepted. */
export function usage(bin: string): string {
  const rows = [
    ...OPTION_TABLE.map((o) => [`--${o.flag} ${o.arg}`, `${o.help} (env ${o.env})`]),
    ['--config FILE', 'YAML file with option keys (stateDir, listen, logLevel, ...) (env MOSAIC_CONTROL_PLANE_CONFIG)'],
    ['-h, --help', 'print this help'],
    ['--version', 'print the version'],
  ];
  const width = Math.max(...rows.map(([flag]) => flag!.length));
  return [
    `Usage: ${bin} [flags]`,
    '',
    'Runs the Mosaic control plane: the gRPC API over the workload store.',
    'Precedence: flags > environment > config file > defaults.',
    '',
    ...rows.map(([flag, help]) => `  ${flag!.padEnd(width)}  ${help}`),
    '',
  ].join('\n');
}
