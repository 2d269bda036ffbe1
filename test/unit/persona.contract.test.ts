import { personaCase } from '../contract/cases.js';
import { providerContract } from '../contract/provider-contract.js';

providerContract('persona', personaCase);
