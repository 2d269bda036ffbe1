import { onfidoCase } from '../contract/cases.js';
import { providerContract } from '../contract/provider-contract.js';

providerContract('onfido', onfidoCase);
