#!/usr/bin/env node
import * as cdk from 'aws-cdk-lib';
import { ReportingStack } from '../lib/reporting-stack';

const app = new cdk.App();
new ReportingStack(app, 'WildRydesReportingStack', {
  description: 'Wild Rydes daily ride report',
});
