import { casapayCase } from '../contract/cases.js';
import { providerContract } from '../contract/provider-contract.js';

providerContract('casapay', casapayCase);
