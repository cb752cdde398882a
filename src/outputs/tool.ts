/** Who wrote an output: SARIF's tool.driver and the report's footer. */
export const TOOL = {
  name: 'pare',
  version: '0.1.0',
  /** The package's page under the name package.json declares; SARIF wants an absolute URI here. */
  informationUri: 'https://www.npmjs.com/package/pare',
} as const;
