import { stripeIdentityCase } from '../contract/cases.js';
import { providerContract } from '../contract/provider-contract.js';

providerContract('stripe-identity', stripeIdentityCase);
