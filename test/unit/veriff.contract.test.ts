import { veriffCase } from '../contract/cases.js';
import { providerContract } from '../contract/provider-contract.js';

providerContract('veriff', veriffCase);
