import { sumsubCase } from '../contract/cases.js';
import { providerContract } from '../contract/provider-contract.js';

providerContract('sumsub', sumsubCase);
