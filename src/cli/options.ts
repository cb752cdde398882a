import { Option } from 'commander';

/** Options several commands share, spelled once. */
export function formatOption(description = 'what goes to stdout'): Option {
  return new Option('--format <format>', description).choices(['text', 'json']).default('text');
}

export function failOnOption(): Option {
  return new Option('--fail-on <severity>', 'exit 1 when a finding at or above this severity exists').choices(
    ['low', 'medium', 'high'],
  );
}
