/** How many items a finding's message names before "and N more". */
export const SAMPLE = 10;

export function sample(items: readonly string[]): string {
  return items.length <= SAMPLE
    ? items.join(', ')
    : `${items.slice(0, SAMPLE).join(', ')} and ${items.length - SAMPLE} more`;
}
